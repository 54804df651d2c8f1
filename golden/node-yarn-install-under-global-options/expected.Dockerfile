FROM node:18 AS build

WORKDIR /srv
COPY . .

# yarn 1: no subcommand means install
RUN yarn --cwd web --frozen-lockfile && yarn --cwd web build
RUN cd /srv/web && yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline

FROM node:18-slim
RUN mkdir -p /srv && chown node /srv
WORKDIR /srv
COPY --from=build --chown=node /srv /srv
USER node
EXPOSE 3000
CMD ["node", "web/dist/server.js"]
