FROM golang:1.8 AS build
# golang:1.8-onbuild's ONBUILD steps, written out (the onbuild images are retired):
WORKDIR /go/src/app
COPY . /go/src/app
RUN go get -v -d
RUN go install -v

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /go/src/app
COPY --from=build /go/bin/app /usr/local/bin/app
ENTRYPOINT ["app", "-listen", ":8080"]
EXPOSE 8080
