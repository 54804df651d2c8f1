FROM golang:1.21 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/server ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /src
COPY --from=build /usr/local/bin/server /usr/local/bin/server
COPY --from=build /src/conf /src/conf
EXPOSE 4443
ENTRYPOINT ["server"]
# relative to the WORKDIR; the config names the key and certificate beside it
CMD ["--config", "conf/server.json"]
