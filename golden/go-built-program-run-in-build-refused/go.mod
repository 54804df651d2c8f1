module example.com/graphdb

go 1.22
