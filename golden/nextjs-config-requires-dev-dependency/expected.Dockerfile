FROM node:18 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:18-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
# `next start` loads next.config.js, which requires a devDependency
CMD ["npm", "start"]
