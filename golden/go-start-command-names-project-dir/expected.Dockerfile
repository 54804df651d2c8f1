FROM golang:1.16-buster AS build
ADD . /go/src/example.com/greeter
RUN cd /go/src/example.com/greeter && go install -mod=vendor .

FROM debian:buster-slim
RUN useradd --system --uid 10001 --create-home app && mkdir -p /go && chown app /go
WORKDIR /go
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /go/bin/greeter /usr/local/bin/greeter
COPY --from=build /go/src/example.com/greeter/templates /go/src/example.com/greeter/templates
COPY --from=build /go/src/example.com/greeter/static /go/src/example.com/greeter/static
USER app
EXPOSE 8080
CMD greeter -templates=/go/src/example.com/greeter/templates -static /go/src/example.com/greeter/static -addr :8080
