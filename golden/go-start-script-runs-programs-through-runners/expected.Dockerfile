# The start script runs its programs through runners (timeout, gosu): the program after a
# runner is one the runtime needs, as after exec or sudo, and the CMD's words are the
# server's arguments, not a program (`gosu nobody bin/server "$@"`).
FROM golang:1.22 AS build
RUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o bin/migrate ./cmd/migrate && CGO_ENABLED=0 go build -o bin/server ./cmd/server

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY --from=build /src/docker-entrypoint.sh /src/docker-entrypoint.sh
COPY --from=build /src/bin/migrate /src/bin/migrate
COPY --from=build /src/bin/server /src/bin/server
ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["--listen", ":8080"]
