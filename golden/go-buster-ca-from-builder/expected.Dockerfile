FROM golang:1.19-buster AS build
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/fetcher .

FROM debian:buster-slim
RUN useradd --system --uid 10001 --create-home app && mkdir -p /src && chown app /src
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
WORKDIR /src
COPY --from=build /usr/local/bin/fetcher /usr/local/bin/fetcher
USER app
CMD fetcher
