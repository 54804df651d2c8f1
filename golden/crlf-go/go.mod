module example.com/win

go 1.22
