FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# named like credentials, valued like configuration: the app needs them as they are
ENV NEXTAUTH_URL_INTERNAL=http://127.0.0.1:3000 \
    AUTH_ENABLED=true \
    TOKEN_TTL=3600 \
    SESSION_SECRET=d41d8cd98f00b204
RUN npm prune --omit=dev

FROM node:20-slim
RUN mkdir -p /app && chown node /app
WORKDIR /app
COPY --from=build --chown=node /app /app
USER node
ENV NEXTAUTH_URL_INTERNAL=http://127.0.0.1:3000 AUTH_ENABLED=true TOKEN_TTL=3600
EXPOSE 3000
CMD ["node", "server.js"]
