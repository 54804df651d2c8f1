FROM node:20 AS build

# The client: built here, served by the server below.
WORKDIR /app/client
COPY client/ .
RUN npm ci && npm run build

# The server the container runs.
WORKDIR /app/server
COPY server/package*.json ./
RUN npm ci
COPY server/ .
RUN mkdir -p public && cp -r /app/client/dist/. public/
RUN npm prune --omit=dev

FROM node:20-slim
RUN mkdir -p /app/server && chown node /app/server
WORKDIR /app/server
COPY --from=build --chown=node /app/server /app/server
USER node
EXPOSE 3000
CMD ["node", "server.js"]
