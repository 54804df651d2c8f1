FROM node:18 AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
RUN adduser --disabled-password --gecos "" --home /app app

FROM node:18-slim
WORKDIR /app
COPY --from=build /app /app
RUN adduser --disabled-password --gecos "" --home /app app
USER app
CMD ["node", "server.js"]
