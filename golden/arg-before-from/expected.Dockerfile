ARG NODE_VERSION=20
FROM node:${NODE_VERSION} AS build
ARG APP_PORT=3000
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm prune --omit=dev

FROM node:${NODE_VERSION}-slim
RUN mkdir -p /app && chown node /app
ARG APP_PORT=3000
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
ENV PORT=${APP_PORT}
EXPOSE ${APP_PORT}
CMD ["node", "main.js"]
