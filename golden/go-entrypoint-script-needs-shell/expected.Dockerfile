# A static Go binary started through a shell script: the runtime needs a shell.
FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN CGO_ENABLED=0 go build -o server .

FROM alpine:3.20
RUN adduser -D -u 10001 app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /app/docker-entrypoint.sh /app/docker-entrypoint.sh
COPY --from=build /app/server /app/server
USER app
EXPOSE 8080
ENTRYPOINT ["./docker-entrypoint.sh"]
