package main

import (
	"log"
	"net/http"

	"example.com/notes/internal/web"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", web.Handler()))
}
