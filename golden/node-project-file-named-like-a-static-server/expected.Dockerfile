# http-server's own repository: `node ./bin/http-server` runs the project's code, which happens
# to be named like the static file server; it is a Node server, not a static site (msify used to
# take it for one and refused: "no build step produces the static site").
FROM node:18 AS build
WORKDIR /srv/http-server
COPY package.json package-lock.json ./
RUN npm install --production
COPY . .

FROM node:18-slim
RUN mkdir -p /srv/http-server && chown node /srv/http-server
WORKDIR /srv/http-server
COPY --from=build --chown=node /srv/http-server /srv/http-server
USER node
EXPOSE 8080
ENTRYPOINT ["node", "./bin/http-server"]
