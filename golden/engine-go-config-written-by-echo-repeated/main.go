package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	conf, err := os.ReadFile("/etc/relay/relay.json")
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write(conf) })
	log.Fatal(http.ListenAndServe(":8080", nil))
}
