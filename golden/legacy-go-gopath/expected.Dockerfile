FROM golang:1.9 AS build
WORKDIR /go/src/github.com/acme/relay
COPY . .
RUN go install ./cmd/relay

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /go/src/github.com/acme/relay
COPY --from=build /go/bin/relay /usr/local/bin/relay
EXPOSE 8080
CMD ["relay", "-listen", ":8080"]
