module example.com/base

go 1.22
