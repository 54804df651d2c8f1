package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "init" {
		os.WriteFile("/data/graph.db", []byte("initialised"), 0o644)
		return
	}
	fmt.Println("serving /data/graph.db")
}
