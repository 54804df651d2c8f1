FROM golang:1.22-bookworm@sha256:1b6a2f2e3a3c2a0a4e6d0f6e0e8b2f4c9d1a7b5e3c6f8a9b0c1d2e3f4a5b6c7d AS build
WORKDIR /src
COPY go.mod ./
COPY *.go ./
RUN CGO_ENABLED=0 go build -o /usr/local/bin/hello .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /src
COPY --from=build /usr/local/bin/hello /usr/local/bin/hello
EXPOSE 8080
CMD ["hello"]
