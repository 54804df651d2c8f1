FROM node:20 AS build
WORKDIR /app
COPY . .
RUN cd server && npm ci
RUN cd /app/server && npm prune --omit=dev

FROM node:20-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
CMD ["node", "server/server.js"]
