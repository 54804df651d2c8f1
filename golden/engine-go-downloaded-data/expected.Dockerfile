FROM golang:1.21 AS build
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/app .
# Data fetched under its remote name (curl -O); a scratch download is deleted again.
RUN mkdir -p /srv/data && cd /srv/data && curl -fsSLO https://registry.npmjs.org/ms/-/ms-2.1.3.tgz \
    && curl -fsSL -o /seed.tgz https://registry.npmjs.org/ms/-/ms-2.1.3.tgz && tar -tzf /seed.tgz >/dev/null && rm /seed.tgz

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /src /srv/data && chown app /src /srv/data
WORKDIR /src
COPY --from=build /usr/local/bin/app /usr/local/bin/app
RUN mkdir -p /srv/data
COPY --from=build /srv/data/ms-2.1.3.tgz /srv/data/ms-2.1.3.tgz
USER app
EXPOSE 8080
CMD ["app"]
