#!/bin/sh
# Fills the server's configuration from the environment, as envsubst '${LISTEN_PORT}' would.
sed "s/\${LISTEN_PORT}/${LISTEN_PORT}/" /etc/nginx/nginx.conf.template > /etc/nginx/nginx.conf
exec nginx -g 'daemon off;'
