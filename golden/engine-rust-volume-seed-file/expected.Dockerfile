FROM rust:1.76 AS build
WORKDIR /app
COPY . .
RUN cargo build --release
# A demo database the app opens read-write; the original ran as root.
ADD ./demo.db /data/demo.db

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /data /app && chown app /data /app
VOLUME ["/data"]
WORKDIR /app
COPY --from=build /app/target/release/seeded /app/target/release/seeded
ADD --chown=app ./demo.db /data/demo.db
USER app
EXPOSE 8080
CMD ["/app/target/release/seeded"]
