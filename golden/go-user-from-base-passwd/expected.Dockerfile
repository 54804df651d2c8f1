FROM golang:1.16-buster AS build
WORKDIR /go/src/example.com/status
COPY . .
RUN go install -mod=vendor ./...

FROM debian:buster-slim
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
WORKDIR /go/src/example.com/status
COPY --from=build /go/bin/status /usr/local/bin/status
USER www-data
EXPOSE 8080
CMD ["status"]
