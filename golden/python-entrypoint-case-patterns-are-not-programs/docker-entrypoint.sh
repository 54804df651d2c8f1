#!/bin/sh
set -e
case "$1" in
  web)  exec gunicorn -b 0.0.0.0:8000 app:app ;;
  make) echo "the assets are built into the image; run make in a checkout" >&2; exit 1 ;;
  *)    exec "$@" ;;
esac
