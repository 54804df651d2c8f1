# A build image: release.sh takes the programs out by path,
#   docker create --name out hello-build && docker cp out:/src/hello/hello-linux-arm64 dist/
# so every program must stay where the build wrote it.
FROM golang:1.22 AS build
ENV CGO_ENABLED=0
WORKDIR /src/hello
COPY go.mod main.go ./
RUN go vet ./...
RUN go build -o hello . \
    && GOARCH=arm64 go build -o hello-linux-arm64 . \
    && GOOS=windows go build -o hello.exe .

FROM debian:bookworm-slim
ENV CGO_ENABLED=0
WORKDIR /src/hello
COPY --from=build /src/hello/hello /src/hello/hello
COPY --from=build /src/hello/hello-linux-arm64 /src/hello/hello-linux-arm64
COPY --from=build /src/hello/hello.exe /src/hello/hello.exe
