FROM node:20 AS build
RUN mkdir /app && chown node:node /app
WORKDIR /app
USER node
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci
COPY --chown=node:node . .
RUN npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
RUN chown node:node /app
USER node
COPY --from=build --chown=node:node /app /app
ENV PORT=3000
EXPOSE 3000
CMD ["node", "server.js"]
