# The whole app in / with no WORKDIR: its lib/ merges into the system's /lib.
FROM node:18-bullseye AS build
COPY . .
RUN npm ci --omit=dev

FROM node:18-bullseye-slim
COPY . /
COPY --from=build /node_modules /node_modules
EXPOSE 3000
CMD ["node", "index.js"]
