# A `go get` beside a build in the same RUN fetches what the build needs; the program is what
# `go build -o` makes (since Go 1.18 `go get` installs nothing: a COPY of /go/bin/hello fails).
FROM golang:1.22 AS build
WORKDIR /go/src/hello
COPY . .
RUN go get ./... && go build -o /usr/local/bin/hello .

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /go/src/hello
COPY --from=build /usr/local/bin/hello /usr/local/bin/hello
CMD ["hello"]
