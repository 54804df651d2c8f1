# The start script names the program by its own variable, relative to the working directory,
# and runs it through sudo too (docs.rs: BIN=target/release/cratesfyi, `sudo -E -u $USER $BIN
# database migrate`, then `$BIN "$@"`): the runtime needs bin/relay at the same path.
FROM golang:1.22 AS build
RUN apt-get update && apt-get install -y --no-install-recommends sudo && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o bin/relay .

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends sudo && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY --from=build /src/docker-entrypoint.sh /src/docker-entrypoint.sh
COPY --from=build /src/bin/relay /src/bin/relay
ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["serve", "--listen", ":8080"]
