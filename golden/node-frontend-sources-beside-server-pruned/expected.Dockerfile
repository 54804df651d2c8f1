FROM node:18 AS build

WORKDIR /srv/app
COPY package.json ./
RUN npm install
COPY . .
RUN npm run build
RUN npm prune --omit=dev

FROM node:18-slim
RUN mkdir -p /srv/app && chown node /srv/app
WORKDIR /srv/app
COPY --from=build --chown=node /srv/app /srv/app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
