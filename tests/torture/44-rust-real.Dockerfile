FROM rust:1.76
WORKDIR /app
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN apt-get update && apt-get install -y pkg-config libssl-dev
RUN cargo build --release
EXPOSE 8080
CMD ["./target/release/myapp"]
