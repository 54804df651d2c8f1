FROM golang:1.22-bookworm AS build
WORKDIR /work
COPY . .
RUN ln -s /work/data /data
RUN go build -o /usr/local/bin/tiles .

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /work && chown app /work
WORKDIR /work
RUN ln -s /work/data /data
COPY --from=build /usr/local/bin/tiles /usr/local/bin/tiles
COPY --from=build /work/data /work/data
USER app
EXPOSE 8001
ENTRYPOINT ["tiles"]
CMD ["/data/"]
