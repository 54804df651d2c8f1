FROM debian:bookworm AS build
# Node.js from NodeSource builds the assets; ImageMagick comes from Debian's own archive.
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates python3 python3-venv \
    && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \
    && apt-get install -y --no-install-recommends nodejs imagemagick
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt
COPY . .
RUN npx --yes esbuild assets/main.js --bundle --minify --outfile=static/main.js

FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates python3 imagemagick && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /app /app
USER app
CMD ["/opt/venv/bin/python", "app.py"]
