package main

import (
	"fmt"
	"net/http"
)

func greeting() string { return "ok" }

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, greeting()) })
	http.ListenAndServe(":8080", nil)
}
