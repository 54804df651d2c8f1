FROM golang:1.10 AS build

RUN groupadd -r keyvault --gid=999 && useradd -r -g keyvault --uid=999 keyvault

# openssl makes the first certificate, runit's chpst drops to the keyvault user
RUN apt-get update && \
    apt-get install -y openssl runit

COPY . /go/src/github.com/example/keyvault
RUN go install github.com/example/keyvault

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y ca-certificates openssl runit && rm -rf /var/lib/apt/lists/*
WORKDIR /go
RUN groupadd -r keyvault --gid=999 && useradd -r -g keyvault --uid=999 keyvault
COPY --from=build /go/src/github.com/example/keyvault/scripts/docker-entrypoint.sh /go/src/github.com/example/keyvault/scripts/docker-entrypoint.sh
COPY --from=build /go/bin/keyvault /usr/local/bin/keyvault
EXPOSE 8080
ENV KV_DATA=/var/lib/keyvault \
    KV_CERT=/var/lib/keyvault/server.crt \
    KV_KEYFILE=/var/lib/keyvault/server.pem
ENTRYPOINT ["/go/src/github.com/example/keyvault/scripts/docker-entrypoint.sh"]
CMD ["keyvault", "-addr=:8080", "-cert=/var/lib/keyvault/server.crt", "-key=/var/lib/keyvault/server.pem"]
