#!/bin/sh
set -e
if [ "$(go env GOOS)" = "windows" ]; then ext=".exe"; fi
go build -o bin/notifier${ext} .
