FROM golang:1.12-alpine AS build
WORKDIR /go/src/github.com/acme/pinger
COPY . .
# no CGO_ENABLED=0: before Go 1.20 cgo stays on without gcc, and net links musl's loader
RUN go build -o /usr/local/bin/pinger .

FROM alpine:3.20
RUN apk add --no-cache ca-certificates
RUN adduser -D -u 10001 app && mkdir -p /go/src/github.com/acme/pinger && chown app /go/src/github.com/acme/pinger
WORKDIR /go/src/github.com/acme/pinger
COPY --from=build /usr/local/bin/pinger /usr/local/bin/pinger
USER app
EXPOSE 8080
CMD ["pinger"]
