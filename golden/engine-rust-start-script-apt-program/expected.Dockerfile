# A start script runs a program from an apt package (xvfb-run) beside the cargo-installed binary.
FROM rust:1-bookworm AS build
WORKDIR /usr/src/viewer
COPY Cargo.toml Cargo.lock ./
COPY src src
RUN cargo install --path .
RUN apt-get update && apt-get install -y xvfb
COPY run_xvfb.sh run_xvfb.sh

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y ca-certificates xvfb && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /usr/src/viewer && chown app /usr/src/viewer
WORKDIR /usr/src/viewer
COPY --from=build /usr/local/cargo/bin/viewer /usr/local/bin/viewer
COPY --chown=app run_xvfb.sh run_xvfb.sh
USER app
ENTRYPOINT ["./run_xvfb.sh"]
