#!/bin/sh
set -e

if [ ! -f "$KV_CERT" ] || [ ! -f "$KV_KEYFILE" ]; then
	mkdir -p "$KV_DATA"
	chmod 700 "$KV_DATA"
	openssl req -x509 -nodes -newkey rsa:2048 -days 365 -subj "/CN=localhost" -keyout "$KV_KEYFILE" -out "$KV_CERT"
	chown -R keyvault:keyvault "$KV_DATA"
fi

if [ "$1" = 'keyvault' ]; then
	exec chpst -u keyvault "$@"
fi

exec "$@"
