FROM node:22 AS build
WORKDIR /app
COPY . .
RUN npm install -g bun && bun install
RUN npm run build

FROM node:22-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 8787
CMD ["node", "dist/index.js"]
