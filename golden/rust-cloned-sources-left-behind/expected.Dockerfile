FROM rust:1.76 AS build
WORKDIR /rust/src/
# The image builds the published sources, not the build context (the repository clones itself).
RUN git clone https://github.com/example/hello-ingest.git
WORKDIR /rust/src/hello-ingest
RUN cargo build --release

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /rust/src/hello-ingest && chown app /rust/src/hello-ingest
WORKDIR /rust/src/
WORKDIR /rust/src/hello-ingest
COPY --from=build /rust/src/hello-ingest/target/release/hello-ingest /rust/src/hello-ingest/target/release/hello-ingest
USER app
EXPOSE 8084
CMD ["/rust/src/hello-ingest/target/release/hello-ingest"]
