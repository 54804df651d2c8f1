FROM node:10 AS build
WORKDIR /dashboard
COPY . .
RUN npm install && npm run build && npm prune --production

FROM node:10-slim
RUN mkdir -p /dashboard && chown node /dashboard
WORKDIR /dashboard
COPY --from=build --chown=node /dashboard /dashboard
USER node
EXPOSE 8082
ENTRYPOINT ["npm", "start"]
