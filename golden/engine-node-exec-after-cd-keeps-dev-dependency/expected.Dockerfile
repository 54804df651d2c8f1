FROM node:18 AS build
WORKDIR /app
COPY package.json .
RUN npm install
COPY . .

FROM node:18-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
CMD ["sh", "-c", "cd /app && exec npm start"]
