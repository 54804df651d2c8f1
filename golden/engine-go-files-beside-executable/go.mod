module github.com/acme/broker

go 1.22
