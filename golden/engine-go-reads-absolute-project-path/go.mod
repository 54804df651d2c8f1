module example.com/versiond

go 1.22
