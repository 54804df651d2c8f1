# A global ARG is only in scope after FROM where the stage declares it again: this
# EXPOSE reads an unset variable, and the rewrite must not change that by declaring it.
ARG app_port
FROM node:12 AS build
WORKDIR /app/server
COPY . .
RUN npm install
RUN npm prune --production

FROM node:12-slim
RUN mkdir -p /app/server && chown node /app/server
WORKDIR /app/server
COPY --from=build --chown=node /app/server /app/server
USER node
EXPOSE $app_port
CMD [ "npm", "start" ]
