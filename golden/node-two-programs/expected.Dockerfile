FROM node:18 AS build
RUN apt-get update && apt-get install -y nginx && rm -rf /var/lib/apt/lists/*
WORKDIR /api
COPY api/package.json api/package-lock.json ./
RUN npm ci --omit=dev
COPY api/ .
COPY nginx.conf /etc/nginx/conf.d/default.conf

FROM node:18-slim
RUN apt-get update && apt-get install -y nginx && rm -rf /var/lib/apt/lists/*
WORKDIR /api
COPY --from=build /api /api
COPY nginx.conf /etc/nginx/conf.d/default.conf
EXPOSE 80
CMD nginx & node /api/server.js
