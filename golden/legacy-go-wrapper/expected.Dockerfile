# The golang image's documented pattern until 2018: go-wrapper builds and starts the app.
FROM golang:1.8 AS build
WORKDIR /go/src/app
COPY . .
RUN go-wrapper download
RUN go-wrapper install

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /go/src/app
COPY --from=build /go/bin/hello /usr/local/bin/hello
EXPOSE 8080
CMD ["/usr/local/bin/hello", "-listen", ":8080"]
