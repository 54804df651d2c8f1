# NestJS started with `yarn start`, which is `nest start`: the Nest CLI is a devDependency.
FROM node:16-bullseye AS build
WORKDIR /usr/src/app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build

FROM node:16-bullseye-slim
RUN mkdir -p /usr/src/app && chown node /usr/src/app
WORKDIR /usr/src/app
COPY --from=build --chown=node /usr/src/app /usr/src/app
USER node
EXPOSE 3000
CMD ["yarn", "start"]
