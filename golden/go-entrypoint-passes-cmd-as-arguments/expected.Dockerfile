FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/relay .
COPY docker-entrypoint.sh /docker-entrypoint.sh

FROM alpine:3.20
RUN adduser -D -u 10001 app && mkdir -p /src && chown app /src
WORKDIR /src
COPY --from=build /usr/local/bin/relay /usr/local/bin/relay
COPY docker-entrypoint.sh /docker-entrypoint.sh
USER app
ENTRYPOINT ["/docker-entrypoint.sh"]
# the entrypoint passes these to the program as its arguments: `serve` is no program
CMD ["serve", "--listen", ":8080"]
