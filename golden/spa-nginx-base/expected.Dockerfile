FROM nginx:1.25 AS build
RUN apt-get update && apt-get install -y nodejs npm
WORKDIR /src
COPY . .
RUN npm ci && npm run build \
    && cp -r dist/. /usr/share/nginx/html/ \
    && printf 'server {\n  listen 8080;\n  root /usr/share/nginx/html;\n  location / { try_files $uri /index.html; }\n}\n' > /etc/nginx/conf.d/default.conf

FROM nginx:1.25
COPY --from=build /usr/share/nginx/html /usr/share/nginx/html
COPY --from=build /etc/nginx/conf.d/default.conf /etc/nginx/conf.d/default.conf
EXPOSE 8080
