FROM node:12 AS build
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm install
COPY . .
RUN npm run build
RUN npm prune --production

FROM node:12-slim
RUN mkdir -p /usr/src/app && chown node /usr/src/app
WORKDIR /usr/src/app
COPY --from=build --chown=node /usr/src/app /usr/src/app
USER node
EXPOSE 4000
CMD ["node", "dist/index.js"]
