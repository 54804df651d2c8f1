FROM node:18-alpine AS build
RUN apk add --no-cache python3 make g++ ca-certificates
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm prune --omit=dev

FROM node:18-alpine
RUN apk add --no-cache ca-certificates
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
