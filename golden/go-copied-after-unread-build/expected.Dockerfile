FROM golang:1.21-bookworm AS build
WORKDIR /go/src/example.com/notifier
COPY . .
RUN make build \
    && cp notifier /bin/ \
    && mkdir -p /etc/notifier \
    && cp config.example.yml /etc/notifier/config.yml

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /go/src/example.com/notifier && chown app /go/src/example.com/notifier
WORKDIR /go/src/example.com/notifier
COPY --from=build /bin/notifier /bin/notifier
RUN mkdir -p /etc/notifier
COPY --from=build /etc/notifier/config.yml /etc/notifier/config.yml
USER app
EXPOSE 9093
ENTRYPOINT ["/bin/notifier"]
CMD ["-config.file=/etc/notifier/config.yml"]
