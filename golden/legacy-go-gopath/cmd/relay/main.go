package main

import (
	"flag"
	"net/http"

	"github.com/pkg/errors"
)

func main() {
	listen := flag.String("listen", ":8080", "address")
	flag.Parse()
	if err := http.ListenAndServe(*listen, nil); err != nil {
		panic(errors.Wrap(err, "serve"))
	}
}
