FROM node:20-slim AS build
# The init process, downloaded rather than installed (fxa-profile-server's shape).
ADD https://github.com/Yelp/dumb-init/releases/download/v1.2.5/dumb-init_1.2.5_x86_64 /usr/local/bin/dumb-init
RUN chmod +x /usr/local/bin/dumb-init
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm prune --omit=dev

FROM node:20-slim
RUN mkdir -p /usr/src/app && chown node /usr/src/app
ADD https://github.com/Yelp/dumb-init/releases/download/v1.2.5/dumb-init_1.2.5_x86_64 /usr/local/bin/dumb-init
RUN chmod +x /usr/local/bin/dumb-init
ENTRYPOINT ["/usr/local/bin/dumb-init", "--"]
WORKDIR /usr/src/app
COPY --from=build --chown=node /usr/src/app /usr/src/app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
