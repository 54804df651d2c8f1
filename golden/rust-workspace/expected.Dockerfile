FROM rust:1.76-bookworm AS build
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release --bin api

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /usr/src/app && chown app /usr/src/app
WORKDIR /usr/src/app
COPY --from=build /usr/src/app/target/release/api /usr/src/app/target/release/api
USER app
EXPOSE 3000
ENTRYPOINT ["/usr/src/app/target/release/api"]
