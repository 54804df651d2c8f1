#!/bin/sh
set -e
curl -fsS "$CONFIG_URL" -o config.json
exec python app.py
