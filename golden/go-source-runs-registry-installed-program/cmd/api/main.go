package main

import (
	"log"
	"net/http"
	"os"
	"os/exec"
)

// @title API
func main() {
	migrate := exec.Command("goose", "-dir", "/src/migrations", "sqlite3", "/tmp/app.db", "up")
	migrate.Stdout, migrate.Stderr = os.Stdout, os.Stderr
	if err := migrate.Run(); err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	log.Fatal(http.ListenAndServe(":8080", nil))
}
