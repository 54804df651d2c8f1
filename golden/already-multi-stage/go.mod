module example.com/ms

go 1.22
