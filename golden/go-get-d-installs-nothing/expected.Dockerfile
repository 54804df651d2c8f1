# `go get -d` only fetches (the golang image's old README: `go get -d -v ./...`); the program
# is the one `go build -o` makes, not one in GOPATH's bin (a COPY of /go/bin/hello fails).
FROM golang:1.22 AS build
WORKDIR /go/src/app
COPY . .
RUN go get -d -v ./... && go build -o /usr/local/bin/hello .

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /go/src/app
COPY --from=build /usr/local/bin/hello /usr/local/bin/hello
CMD ["hello"]
