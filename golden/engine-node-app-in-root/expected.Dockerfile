# The whole app in / with no WORKDIR, as old Node images were often used.
FROM node:20 AS build
COPY . .
RUN npm ci
RUN npm prune --omit=dev

FROM node:20-slim
COPY . /
COPY --from=build /node_modules /node_modules
ENV PORT=3000
EXPOSE 3000
CMD ["node", "server.js"]
