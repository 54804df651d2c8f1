FROM node:20 AS build
ARG NPM_TOKEN
ENV API_SECRET_KEY=changeme
WORKDIR /app
COPY .npmrc package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm prune --omit=dev
RUN rm -f /app/.npmrc

FROM node:20-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
