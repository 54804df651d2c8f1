FROM node:20 AS build
WORKDIR /usr/src/cli
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm link
RUN npm prune --omit=dev

FROM node:20-slim
RUN mkdir -p /config && chown node /config
WORKDIR /usr/src/cli
COPY --from=build --chown=node /usr/src/cli /usr/src/cli
ENV CONFIG_DIR=/config
# the CLI reads and writes its state in the working directory
WORKDIR /config
USER node
EXPOSE 2468
CMD ["node", "/usr/src/cli/server.js"]
