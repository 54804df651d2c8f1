package main

import (
	"flag"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	cert := flag.String("cert", "server.crt", "certificate")
	key := flag.String("key", "server.pem", "private key")
	flag.Parse()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	log.Fatal(http.ListenAndServeTLS(*addr, *cert, *key, nil))
}
