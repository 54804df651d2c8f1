FROM golang:1.21 AS build
WORKDIR /go/src/api
COPY . .
RUN go build -o api .

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /go/src/api
COPY --from=build /go/src/api/api /go/src/api/api
EXPOSE 8080
CMD ["./api"]
