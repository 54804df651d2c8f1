# The start command runs package.json's `start`, whose `prestart` hook compiles with tsc and
# which starts through cross-env: both are devDependencies, needed when the container starts.
FROM node:20 AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .

FROM node:20-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
CMD ["npm", "start"]
