package main

import (
	"log"
	"net/http"

	"example.com/mirror/mirror"
)

func main() {
	http.HandleFunc("/sync", func(w http.ResponseWriter, r *http.Request) {
		if err := mirror.Pull("/data/repo"); err != nil {
			http.Error(w, err.Error(), 500)
		}
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
