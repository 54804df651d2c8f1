FROM node:20 AS build
# General tools for the build and for CI, as webviz installs them.
RUN apt-get update && apt-get install -yq gnupg wget git --no-install-recommends
WORKDIR /app
COPY . .
RUN npm ci
RUN npm run build

FROM nginx:stable-alpine
RUN printf 'server {\n    listen 4173;\n    root /usr/share/nginx/html;\n    location / {\n        try_files $uri $uri/ /index.html;\n    }\n}\n' > /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 4173
CMD ["nginx", "-g", "daemon off;"]
