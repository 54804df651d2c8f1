module github.com/acme/probe-server

go 1.22
