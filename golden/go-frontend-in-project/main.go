package main

import "net/http"

// Serves the UI the frontend build wrote to ui/dist, from the working directory.
func main() {
	http.Handle("/", http.FileServer(http.Dir("ui/dist")))
	http.ListenAndServe(":18000", nil)
}
