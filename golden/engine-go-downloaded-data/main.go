package main

import (
	"fmt"
	"net/http"
	"os"
)

// Serves the size of a data file the image downloaded at build time.
func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		st, err := os.Stat("/srv/data/ms-2.1.3.tgz")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "data: %d bytes\n", st.Size())
	})
	http.ListenAndServe(":8080", nil)
}
