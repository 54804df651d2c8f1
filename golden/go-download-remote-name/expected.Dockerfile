# A health probe fetched under its remote name into a PATH directory (curl -O), and a tool
# archive unpacked for the build and deleted again.
FROM golang:1.21 AS build
RUN curl -fsSL -o /protoc.zip https://example.com/protoc-25.1-linux-x86_64.zip && unzip -q /protoc.zip -d /usr/local && rm /protoc.zip
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/app .
RUN cd /usr/local/bin && curl -sSLO https://example.com/dl/grpc_health_probe && chmod +x grpc_health_probe

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /src && chown app /src
WORKDIR /src
COPY --from=build /usr/local/bin/app /usr/local/bin/app
COPY --from=build /usr/local/bin/grpc_health_probe /usr/local/bin/grpc_health_probe
USER app
HEALTHCHECK CMD grpc_health_probe -addr=:8080
CMD ["app"]
