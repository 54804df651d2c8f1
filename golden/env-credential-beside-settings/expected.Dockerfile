FROM node:20 AS build
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci
COPY . .
ENV NODE_ENV=production \
    PORT=3000 \
    SESSION_SECRET=change-me-in-production
RUN npm prune --omit=dev

FROM node:20-slim
RUN mkdir -p /usr/src/app && chown node /usr/src/app
WORKDIR /usr/src/app
COPY --from=build --chown=node /usr/src/app /usr/src/app
USER node
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
CMD ["node", "server.js"]
