FROM node:18 AS build
RUN npm install -g nodemon
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
COPY scripts/migrate.sh ./scripts/
RUN npm prune --omit=dev

FROM node:18-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
