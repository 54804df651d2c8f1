# An entrypoint script copied onto PATH, handed the binary as CMD (the official images' shape).
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/server .
COPY docker-entrypoint.sh /usr/local/bin/

FROM alpine:3.20
RUN adduser -D -u 10001 app && mkdir -p /src && chown app /src
WORKDIR /src
COPY --from=build /usr/local/bin/server /usr/local/bin/server
COPY docker-entrypoint.sh /usr/local/bin/
USER app
EXPOSE 8080
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["server"]
