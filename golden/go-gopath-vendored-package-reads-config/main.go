package main

import (
	"log"

	"github.com/acme/config"
)

func main() {
	log.Println(config.Load().Listen)
}
