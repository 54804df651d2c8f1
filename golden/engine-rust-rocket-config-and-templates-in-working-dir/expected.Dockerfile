FROM rust:1-bookworm AS build

WORKDIR /app
COPY . /app/

RUN cargo build --release

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /app/target/release/guestbook /app/target/release/guestbook
COPY --from=build /app/Rocket.toml /app/Rocket.toml
COPY --from=build /app/templates /app/templates
USER app
EXPOSE 8080
CMD ["/app/target/release/guestbook"]
