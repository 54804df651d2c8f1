package main // import "github.com/acme/hello"

import (
	"flag"
	"net/http"
)

func main() {
	addr := flag.String("listen", ":8080", "address")
	flag.Parse()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello\n")) })
	http.ListenAndServe(*addr, nil)
}
