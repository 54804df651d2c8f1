# A build environment, not a server: `make ui` runs
#   docker run --rm -v $(PWD)/ui/static:/src/ui/static ui-builder npm run build
# so the caller names the command and the output lands in a bind-mounted directory.
FROM node:20-bookworm AS build
WORKDIR /src/ui
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run lint

FROM node:20-bookworm-slim
WORKDIR /src/ui
COPY --from=build /src/ui /src/ui
