# `go install` puts the program in /go/bin, which golang's PATH has: `docker run IMAGE hello
# --version`, scripts and Compose commands name it without a path. The runtime image's PATH
# lacks /go/bin, so msify puts it back (the rewrite used to answer "executable file not found").
FROM golang:1.22 AS build
WORKDIR /go/src/example.com/hello
COPY . .
RUN go install .

FROM gcr.io/distroless/base-debian12:nonroot
ENV PATH=/go/bin:$PATH
WORKDIR /go/src/example.com/hello
COPY --from=build /go/bin/hello /go/bin/hello
CMD ["/go/bin/hello"]
