FROM golang:1.8 AS build
COPY . /go/src/github.com/example/app
WORKDIR /go/src/github.com/example/app
ENV GOPATH /go/src/github.com/example/app/Godeps/_workspace:$GOPATH
RUN CGO_ENABLED=0 go install -v github.com/example/app

FROM gcr.io/distroless/static-debian12:nonroot
ENV GOPATH=/go
WORKDIR /go/src/github.com/example/app
ENV GOPATH /go/src/github.com/example/app/Godeps/_workspace:$GOPATH
COPY --from=build /go/src/github.com/example/app/Godeps/_workspace/bin/app /usr/local/bin/app
EXPOSE 8080
CMD ["app"]
