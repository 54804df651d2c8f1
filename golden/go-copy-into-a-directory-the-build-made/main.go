// Serves on 8080 once it has read its certificate pair from /tls (as mmock reads -tls-path).
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	for _, f := range []string{"/tls/server.crt", "/tls/server.key"} {
		if _, err := os.ReadFile(f); err != nil {
			log.Fatalf("reading %s: %v", f, err)
		}
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("certificates read\n")) })
	log.Fatal(http.ListenAndServe(":8080", nil))
}
