FROM node:20-bookworm AS build
RUN corepack enable
WORKDIR /srv
COPY package.json pnpm-lock.yaml ./
RUN pnpm install --frozen-lockfile
COPY src ./src
RUN pnpm prune --prod

FROM node:20-bookworm-slim
RUN corepack enable
RUN mkdir -p /srv && chown node /srv
WORKDIR /srv
COPY --from=build --chown=node /srv /srv
USER node
EXPOSE 4000
CMD ["node", "src/main.js"]
