# Builds pull through the company's mirror of Docker Hub; Docker Hub itself is not reachable.
ARG REGISTRY=registry.corp.example/dockerhub/
FROM ${REGISTRY}node:14-buster AS build
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm prune --production

FROM ${REGISTRY}node:14-buster-slim
RUN mkdir -p /usr/src/app && chown node /usr/src/app
WORKDIR /usr/src/app
COPY --from=build --chown=node /usr/src/app /usr/src/app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
