# msify's own image, built the way msify would: the Rust toolchain stays in the build stage, the
# binary ships on distroless cc (glibc, CA certificates, non-root).
#   docker build -t msify . && docker run --rm -v "$PWD:/repo" msify -r .
FROM rust:1.85-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY templates ./templates
RUN cargo build --release --locked

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/msify /usr/local/bin/msify
WORKDIR /repo
ENTRYPOINT ["msify"]
