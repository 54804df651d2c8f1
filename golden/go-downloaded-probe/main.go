package main

import "net/http"

func main() { http.ListenAndServe(":50051", nil) }
