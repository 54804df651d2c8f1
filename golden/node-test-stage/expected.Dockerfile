FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .

FROM build AS test
# The unit tests gate the image
RUN npm test

FROM build AS release
RUN npm prune --omit=dev

FROM node:20-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=release --chown=node /app /app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
