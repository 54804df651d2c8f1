package main

import (
	"net/http"

	"github.com/example/dep"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(dep.Hello())) })
	http.ListenAndServe(":8080", nil)
}
