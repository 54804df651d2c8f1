FROM node:10-buster AS build

WORKDIR /app/

# Copy project dependencies
COPY package.json /app
COPY yarn.lock /app
COPY plan/package.json /app/plan/
COPY shared/package.json /app/shared/

# Install dependencies
RUN yarn workspace plan install --production --frozen-lockfile

# Copy project
COPY plan/ /app/plan
COPY shared/ /app/shared

WORKDIR /app/plan
RUN yarn build

FROM node:10-buster-slim
RUN mkdir -p /app/plan && chown node /app/plan
WORKDIR /app/
WORKDIR /app/plan
COPY --from=build --chown=node /app /app
USER node
CMD ["yarn", "start"]
