package main

import (
	"fmt"
	"net/http"
)

// Fetches over TLS: the runtime needs CA certificates.
func main() {
	resp, err := http.Get("https://example.com/")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status)
}
