FROM node:18 AS build

COPY server/package.json /app/server/package.json
COPY worker/package.json /app/worker/package.json
WORKDIR /app

RUN for dir in worker server; do (cd $dir && npm install); done

COPY . /app

FROM node:18-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
CMD ["node", "server/index.js"]
