FROM node:10-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python && rm -rf /var/lib/apt/lists/*
WORKDIR /editor
COPY . .
RUN npm install
RUN npm run build
WORKDIR /editor/dist

FROM nginx:stable-alpine
RUN printf 'server {\n    listen 8888;\n    root /usr/share/nginx/html;\n    location / {\n        try_files $uri $uri/ /index.html;\n    }\n}\n' > /etc/nginx/conf.d/default.conf
EXPOSE 8888
COPY --from=build /editor/dist /usr/share/nginx/html
CMD ["nginx", "-g", "daemon off;"]
