FROM rust:1.75 AS build
WORKDIR /usr/src/ffly
COPY . .
RUN cargo install --path . && cargo install --path admin

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /usr/src/ffly && chown app /usr/src/ffly
WORKDIR /usr/src/ffly
COPY --from=build /usr/local/cargo/bin/ffly /usr/local/bin/ffly
COPY --from=build /usr/local/cargo/bin/ffly-admin /usr/local/bin/ffly-admin
USER app
EXPOSE 7878
CMD ["ffly"]
