package main

import (
	"html/template"
	"net/http"
)

// The page templates and the stylesheet are read from the working directory, where the
// Dockerfile's `COPY . .` put them: without them the program panics at start.
func main() {
	pages := template.Must(template.ParseGlob("templates/*.html"))
	http.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if err := pages.ExecuteTemplate(w, "home.html", "msify"); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	panic(http.ListenAndServe(":8080", nil))
}
