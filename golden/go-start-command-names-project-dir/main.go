package main

import (
	"flag"
	"html/template"
	"net/http"
	"path/filepath"
)

func main() {
	templates := flag.String("templates", "", "directory of the page templates")
	static := flag.String("static", "", "directory of the static files")
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	page := template.Must(template.ParseGlob(filepath.Join(*templates, "*.html")))
	http.Handle("/s/", http.StripPrefix("/s/", http.FileServer(http.Dir(*static))))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { page.Execute(w, r.URL.Path) })
	panic(http.ListenAndServe(*addr, nil))
}
