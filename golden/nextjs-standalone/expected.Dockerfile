FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build

FROM node:20-slim
RUN mkdir -p /app && chown node /app
ENV HOSTNAME=0.0.0.0 NODE_ENV=production
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=build /app/.next/standalone /app
COPY --from=build /app/.next/static /app/.next/static
COPY --from=build /app/public /app/public
USER node
EXPOSE 3000
ENV PORT=3000
CMD ["node", "server.js"]
