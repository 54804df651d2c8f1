#!/bin/sh
set -e
if [ -n "$CONFIG_URL" ]; then echo "config from $CONFIG_URL"; fi
exec "$@"
