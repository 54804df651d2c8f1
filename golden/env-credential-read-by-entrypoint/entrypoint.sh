#!/bin/sh
set -e
export DATABASE_URL="postgresql://app:${DB_PASSWORD}@${DB_HOST}/app"
exec "$@"
