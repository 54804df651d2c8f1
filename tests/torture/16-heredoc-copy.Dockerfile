FROM nginx:1.25
COPY <<EOF /etc/nginx/conf.d/default.conf
server {
  listen 80;
}
EOF
COPY --chmod=755 <<'SCRIPT' /usr/local/bin/start
#!/bin/sh
exec nginx -g 'daemon off;'
SCRIPT
CMD ["start"]
