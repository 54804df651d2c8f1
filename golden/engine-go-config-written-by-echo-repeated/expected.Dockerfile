FROM golang:1.22-bookworm AS build
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/relay .
RUN mkdir /etc/relay
RUN echo '{"upstream": "http://backend:9000"}' > /etc/relay/relay.json
RUN printf 'UTC\n' > /etc/timezone && echo "built" > /tmp/stamp

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /src && chown app /src
WORKDIR /src
COPY --from=build /usr/local/bin/relay /usr/local/bin/relay
RUN mkdir -p /etc/relay
RUN echo '{"upstream": "http://backend:9000"}' > /etc/relay/relay.json
RUN printf 'UTC\n' > /etc/timezone
USER app
EXPOSE 8080
CMD ["relay"]
