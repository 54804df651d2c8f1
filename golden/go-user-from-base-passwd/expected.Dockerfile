FROM golang:1.16-buster AS build
WORKDIR /go/src/example.com/status
COPY . .
RUN go install -mod=vendor ./...

FROM debian:buster-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /go/src/example.com/status
COPY --from=build /go/bin/status /usr/local/bin/status
USER www-data
EXPOSE 8080
CMD ["status"]
