FROM golang:1.22-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /usr/local/bin/mirror .

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /src && chown app /src
WORKDIR /src
COPY --from=build /usr/local/bin/mirror /usr/local/bin/mirror
USER app
EXPOSE 8080
CMD ["mirror"]
