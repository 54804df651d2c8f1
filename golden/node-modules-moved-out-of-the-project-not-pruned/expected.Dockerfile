FROM node:10-slim AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci \
 && mv /app/node_modules /node_modules
COPY . .

FROM node:10-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build /node_modules /node_modules
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
