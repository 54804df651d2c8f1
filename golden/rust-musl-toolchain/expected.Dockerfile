FROM rust:1.78 AS build
RUN rustup target add x86_64-unknown-linux-musl
WORKDIR /build
COPY . .
RUN cargo build --release --target x86_64-unknown-linux-musl

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
USER 65532:65532
WORKDIR /build
COPY --from=build /build/target/x86_64-unknown-linux-musl/release/probe /build/target/x86_64-unknown-linux-musl/release/probe
CMD ["/build/target/x86_64-unknown-linux-musl/release/probe"]
