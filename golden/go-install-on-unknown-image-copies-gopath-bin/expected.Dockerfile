# A project's own build image (msify has no facts about it): `go install` still puts the program in
# GOPATH's bin (/go/bin), so the runtime copies it from there; cgo is off, so no C library of the
# image is linked (skygear-server's godev image, without cgo).
FROM acme/godev:go1.8 AS build
ENV CGO_ENABLED=0
WORKDIR /go/src/github.com/acme/hello
COPY . .
RUN go install

FROM gcr.io/distroless/static-debian12:nonroot
ENV CGO_ENABLED=0
WORKDIR /go/src/github.com/acme/hello
COPY --from=build /go/bin/hello /usr/local/bin/hello
EXPOSE 8080
CMD ["hello"]
