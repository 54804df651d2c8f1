FROM node:14-slim AS build

WORKDIR /code
COPY . .

RUN cd client && npm install && cd ../server && npm install
RUN cd client && npm run build
RUN cd /code/server && npm prune --production

FROM node:14-slim
RUN mkdir -p /code && chown node /code
WORKDIR /code
COPY --from=build --chown=node /code /code
USER node
EXPOSE 4018
EXPOSE 4019
ENTRYPOINT ["./entrypoint.sh"]
