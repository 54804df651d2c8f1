FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/server .
# Short flags bundled with the output path attached, as real Dockerfiles write them.
RUN wget -qO/bin/grpc_health_probe https://example.com/grpc_health_probe-linux-amd64 && \
    chmod +x /bin/grpc_health_probe

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /src
COPY --from=build /usr/local/bin/server /usr/local/bin/server
COPY --from=build /bin/grpc_health_probe /bin/grpc_health_probe
EXPOSE 50051
HEALTHCHECK CMD ["/bin/grpc_health_probe", "-addr=:50051"]
CMD ["server"]
