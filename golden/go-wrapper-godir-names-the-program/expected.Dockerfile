# go-wrapper installs under the import path .godir names (skygear-server): the program is apiserver, not app.
FROM golang:1.8 AS build
WORKDIR /go/src/app
COPY . .
RUN go-wrapper download
RUN go-wrapper install

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /go/src/app
COPY --from=build /go/bin/apiserver /usr/local/bin/apiserver
EXPOSE 8080
CMD ["/usr/local/bin/apiserver", "-listen", ":8080"]
