FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
ENV PORT=3000
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["node", "server.js"]
