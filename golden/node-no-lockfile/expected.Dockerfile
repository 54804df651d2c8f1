FROM node:20-alpine AS build
WORKDIR /app
COPY . .
RUN npm install
RUN npm prune --omit=dev

FROM node:20-alpine
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
CMD npm start
