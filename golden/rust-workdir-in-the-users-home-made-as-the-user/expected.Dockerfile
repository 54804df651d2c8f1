FROM rust:1.90-bookworm AS build
RUN useradd --create-home app
USER app
WORKDIR /home/app/src
COPY --chown=app Cargo.toml Cargo.lock ./
COPY --chown=app src ./src
RUN cargo build --release

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home app
USER app
WORKDIR /home/app/src
COPY --from=build /home/app/src/target/release/myapp /home/app/src/target/release/myapp
USER root
EXPOSE 8080
CMD ["./target/release/myapp"]
