FROM rust:1.51 AS build
WORKDIR /usr/src/myapp
COPY . .
RUN cargo install --path . --bin bot

FROM debian:buster-slim
RUN useradd --system --uid 10001 --create-home app && mkdir -p /usr/src/myapp && chown app /usr/src/myapp
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
WORKDIR /usr/src/myapp
COPY --from=build /usr/local/cargo/bin/bot /usr/local/bin/bot
USER app
CMD ["bot"]
