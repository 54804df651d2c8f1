# The server starts a program of its own project that the build installs with cgo left on (the
# golang image has gcc); the server itself is static. The tool links glibc's loader.
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go install ./cmd/checkdns
RUN CGO_ENABLED=0 go build -o /usr/local/bin/api ./cmd/api

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --create-home app && mkdir -p /src && chown app /src
WORKDIR /src
COPY --from=build /go/bin/checkdns /usr/local/bin/checkdns
COPY --from=build /usr/local/bin/api /usr/local/bin/api
USER app
EXPOSE 8080
CMD ["api"]
