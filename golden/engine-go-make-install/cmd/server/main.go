package main

import (
	"flag"
	"fmt"
	"net/http"
)

var version = "dev"

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "server", version) })
	panic(http.ListenAndServe(*addr, nil))
}
