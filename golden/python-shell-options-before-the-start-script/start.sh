#!/bin/bash
# Fetch the settings (a deployment names its own URL).
curl -fsS "$CONFIG_URL" -o config.json
exec python app.py
