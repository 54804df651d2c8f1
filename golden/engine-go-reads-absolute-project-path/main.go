package main

import (
	"log"
	"net/http"
	"os"
)

// versionFilePath is where `COPY . /app` puts version.json in the image.
const versionFilePath = "/app/version.json"

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		data, err := os.ReadFile(versionFilePath)
		if err != nil {
			http.Error(w, "Could not read version file.", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
