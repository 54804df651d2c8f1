# The repository keeps a yarn.lock (from the maintainers' machines), but the image installs with
# npm: the dependencies in node_modules are npm's, and so is the prune that trims them.
FROM node:18 AS build
WORKDIR /usr/src/app
COPY . .
RUN npm install
RUN npm prune --omit=dev

FROM node:18-slim
RUN mkdir -p /usr/src/app && chown node /usr/src/app
WORKDIR /usr/src/app
COPY --from=build --chown=node /usr/src/app /usr/src/app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
