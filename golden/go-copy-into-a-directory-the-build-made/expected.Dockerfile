FROM golang:1.21 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/certsrv .
RUN mkdir /tls
# No trailing slash: the files land inside /tls only because the directory exists.
ADD ./tls/server.crt /tls
ADD ./tls/server.key /tls

FROM alpine:3.20
RUN adduser -D -u 10001 app && mkdir -p /src /tls && chown app /src /tls
WORKDIR /src
COPY --from=build /usr/local/bin/certsrv /usr/local/bin/certsrv
RUN mkdir -p /tls
ADD ./tls/server.crt /tls
ADD ./tls/server.key /tls
USER app
EXPOSE 8080
ENTRYPOINT ["certsrv"]
