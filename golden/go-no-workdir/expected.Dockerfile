FROM golang AS build

COPY . .
RUN go mod download
RUN go build -o main .

FROM gcr.io/distroless/base-debian13:nonroot
WORKDIR /go
COPY --from=build /go/main /go/main
CMD ["./main"]