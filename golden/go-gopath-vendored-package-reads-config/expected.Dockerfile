FROM golang:1.10 AS build
RUN mkdir -p /go/src/github.com/acme/shop
COPY ./ /go/src/github.com/acme/shop
WORKDIR /go/src/github.com/acme/shop
RUN CGO_ENABLED=0 go install

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /go/src/github.com/acme/shop
COPY --from=build /go/bin/shop /usr/local/bin/shop
COPY --from=build /go/src/github.com/acme/shop/shop.toml /go/src/github.com/acme/shop/shop.toml
CMD ["shop"]
