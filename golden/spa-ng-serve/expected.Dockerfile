FROM node:16 AS build
WORKDIR /src/app
COPY . .
# `ng serve` is Angular's dev server: not the `serve` static file server
RUN npm install --legacy-peer-deps
RUN npm run build

FROM nginx:stable-alpine
RUN printf 'server {\n    listen 4200;\n    root /usr/share/nginx/html;\n    location / {\n        try_files $uri $uri/ /index.html;\n    }\n}\n' > /etc/nginx/conf.d/default.conf
COPY --from=build /src/app/dist/shop/browser /usr/share/nginx/html
EXPOSE 4200
CMD ["nginx", "-g", "daemon off;"]
