FROM rust:1.90 AS build
RUN adduser --disabled-password --gecos "" app
WORKDIR /home/app/src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release

FROM debian:trixie-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates adduser && rm -rf /var/lib/apt/lists/*
RUN adduser --disabled-password --gecos "" app
WORKDIR /home/app/src
COPY --from=build /home/app/src/target/release/myapp /home/app/src/target/release/myapp
USER app
EXPOSE 8080
CMD ["./target/release/myapp"]
