FROM golang:1.22 AS build
WORKDIR /go/src/app
COPY . .
RUN go build -o app .

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /go/src/app
COPY --from=build /go/src/app/app /go/src/app/app
COPY --from=build /go/src/app/templates /go/src/app/templates
COPY --from=build /go/src/app/static /go/src/app/static
EXPOSE 8080
CMD ["./app"]
