#!/bin/sh
set -e
echo "started=$(date +%s)" > /etc/app-started
exec node server.js
