FROM node:18 AS build
# The app writes its SQLite database into its working directory, as node.
RUN mkdir /app && chown node:node /app
WORKDIR /app
USER node
COPY --chown=node:node package.json ./
RUN npm install
COPY --chown=node:node . .
RUN npm prune --omit=dev

FROM node:18-slim
WORKDIR /app
RUN chown node:node /app
USER node
COPY --from=build --chown=node:node /app /app
EXPOSE 3000
CMD ["node", "app.js"]
