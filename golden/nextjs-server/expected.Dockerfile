FROM node:20 AS build
WORKDIR /app
COPY . .
RUN yarn install --frozen-lockfile && yarn build
RUN yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline

FROM node:20-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
EXPOSE 3000
CMD ["yarn", "start"]
