FROM node:20 AS build
WORKDIR /app
COPY . .
RUN corepack enable && yarn install --immutable

FROM node:20-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
