# A legacy bot: the compiler is installed globally, and `npm run start` runs ./start.sh, which
# compiles at start-up with that global tsc.
FROM node:14-buster AS build
WORKDIR /usr/src/bot
RUN npm install -g typescript@4.9.5
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline

FROM node:14-buster-slim
RUN mkdir -p /usr/src/bot && chown node /usr/src/bot
WORKDIR /usr/src/bot
RUN npm install -g typescript@4.9.5
COPY --from=build --chown=node /usr/src/bot /usr/src/bot
USER node
CMD ["npm", "run", "start"]
