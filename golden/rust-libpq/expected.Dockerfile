FROM rust:1.79-bookworm AS build
RUN apt-get update && apt-get install -y libpq-dev
WORKDIR /app
COPY . .
RUN cargo build --release

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libpq5 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /app/target/release/ledger /app/target/release/ledger
USER app
EXPOSE 8000
CMD ["/app/target/release/ledger"]
