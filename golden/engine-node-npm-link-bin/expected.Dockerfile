# A CLI that also serves: `npm link` puts its bin on PATH, and the container starts it by name.
FROM node:18 AS build
WORKDIR /usr/src/hello
COPY package*.json ./
RUN npm ci
COPY build.mjs ./
COPY src src
RUN npm run build
RUN npm link
RUN npm prune --omit=dev

FROM node:18-slim
RUN mkdir -p /usr/src/hello && chown node /usr/src/hello
WORKDIR /usr/src/hello
COPY --from=build --chown=node /usr/src/hello /usr/src/hello
RUN ln -s /usr/src/hello/dist/cli.js /usr/local/bin/hello-link
USER node
EXPOSE 3000
ENTRYPOINT ["hello-link"]
