FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod ./
COPY . .
RUN go vet ./... && CGO_ENABLED=0 go build -o /out/server .

FROM build AS test
RUN go test ./...

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /src
COPY --from=build /out/server /out/server
EXPOSE 8080
CMD ["/out/server"]
