FROM debian:sid-slim AS build
RUN apt-get update && \
    apt-get -y install --no-install-recommends python3-aiohttp python3-jinja2 && \
    apt-get clean
COPY app /srv/app

FROM debian:sid-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-aiohttp python3-jinja2 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /srv && chown app /srv
COPY --from=build --chown=app /srv/app /srv/app
WORKDIR /srv
USER app
EXPOSE 8080
CMD ["python3", "-m", "app"]
