# Nothing of the project is compiled: the image installs mdbook from crates.io and serves the
# book the build context holds (src/ is Markdown here, not Rust).
FROM rust:1.80-bookworm AS build
WORKDIR /docs
COPY book.toml ./
COPY src ./src
RUN cargo install mdbook --version 0.4.40 --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /docs && chown app /docs
WORKDIR /docs
COPY --chown=app book.toml ./
COPY --chown=app src ./src
COPY --from=build /usr/local/cargo/bin/mdbook /usr/local/bin/mdbook
USER app
EXPOSE 3000
CMD ["mdbook", "serve", "--hostname", "0.0.0.0", "--port", "3000"]
