FROM node:6 AS build
# node:6-onbuild's ONBUILD steps, written out (the onbuild images are retired):
WORKDIR /usr/src/app
ARG NODE_ENV
ENV NODE_ENV=$NODE_ENV
COPY package.json /usr/src/app/
RUN npm install
COPY . /usr/src/app
RUN npm prune --production

FROM node:6-slim
RUN mkdir -p /settings /usr/src/app && chown node /settings /usr/src/app
WORKDIR /usr/src/app
ARG NODE_ENV
ENV NODE_ENV=$NODE_ENV
COPY --from=build --chown=node /usr/src/app /usr/src/app
USER node
CMD ["npm", "start"]
MAINTAINER ops@example.com
# Settings live in a volume the bridge writes at start
VOLUME /settings
ENV SETTINGS_DIR=/settings
EXPOSE 8080
