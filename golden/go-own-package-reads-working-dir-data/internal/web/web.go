package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"path/filepath"
)

// The page templates are looked up in the working directory.
var assetDirs = []string{"templates"}

type status struct {
	Data string `json:"data"`
}

func Handler() http.Handler {
	pages := template.Must(template.ParseGlob(filepath.Join(assetDirs[0], "*.html")))
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { pages.ExecuteTemplate(w, "index.html", nil) })
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) { json.NewEncoder(w).Encode(status{Data: "ok"}) })
	return mux
}
