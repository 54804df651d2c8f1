package main

import (
	"net/http"
	"os"
	"path/filepath"
)

// The broker keeps broker.conf beside its own binary and writes a default one on first start.
func main() {
	exe, err := os.Executable()
	if err != nil {
		panic(err)
	}
	conf := filepath.Join(filepath.Dir(exe), "broker.conf")
	if _, err := os.Stat(conf); err != nil {
		if err := os.WriteFile(conf, []byte("listen = :4000\n"), 0o644); err != nil {
			panic(err)
		}
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, conf) })
	panic(http.ListenAndServe(":4000", nil))
}
