ARG NODE_VERSION=20
FROM node:${NODE_VERSION} AS build
ARG APP_PORT=3000
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm prune --omit=dev

FROM node:${NODE_VERSION}-slim
ARG APP_PORT=3000
WORKDIR /app
ENV PORT=${APP_PORT}
COPY --from=build /app /app
USER node
EXPOSE ${APP_PORT}
CMD ["node", "main.js"]
