FROM node:20 AS build
WORKDIR /app
COPY . .
RUN npm ci --omit=dev

FROM node:20-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
CMD ["node", "index.js"]