FROM node:18 AS build

WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci
COPY . .

FROM node:18-slim
RUN mkdir -p /usr/src/app && chown node /usr/src/app
WORKDIR /usr/src/app
COPY --from=build --chown=node /usr/src/app /usr/src/app
USER node
EXPOSE 4455
CMD ["npx", "ts-node", "src/index.ts"]
