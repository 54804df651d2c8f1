FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN make PREFIX=/go binaries

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /src
COPY --from=build /go/bin/registry /usr/local/bin/registry
EXPOSE 5000
ENTRYPOINT ["registry"]
CMD ["serve", "/etc/registry/config.yml"]
