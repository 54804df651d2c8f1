# The app runs a program the build installs from the module proxy (goose, for migrations at
# start); swag is installed too but only the build runs it.
FROM golang:1.22-bookworm AS build
WORKDIR /src
RUN go install github.com/swaggo/swag/cmd/swag@v1.16.3
RUN go install github.com/pressly/goose/v3/cmd/goose@v3.20.0
COPY . .
RUN swag init -g cmd/api/main.go && CGO_ENABLED=0 go build -o /usr/local/bin/api ./cmd/api

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --create-home app && mkdir -p /src && chown app /src
WORKDIR /src
COPY --from=build /go/bin/goose /usr/local/bin/goose
COPY --from=build /usr/local/bin/api /usr/local/bin/api
COPY --from=build /src/migrations /src/migrations
USER app
EXPOSE 8080
CMD ["api"]
