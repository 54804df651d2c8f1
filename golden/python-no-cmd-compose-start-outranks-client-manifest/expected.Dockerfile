FROM debian:bookworm AS build

RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv nodejs npm

# dockerize waits for the database before the app starts (see docker-compose.yml).
ADD https://github.com/jwilder/dockerize/releases/download/v0.6.1/dockerize-linux-amd64-v0.6.1.tar.gz /tmp/dockerize.tar.gz
RUN tar -C /usr/local/bin -xzf /tmp/dockerize.tar.gz && rm /tmp/dockerize.tar.gz

# The client is built here; the image serves its output.
COPY client/ /tmp/client/
RUN cd /tmp/client && npm ci && npm run build

COPY app.py deps.txt /srv/
RUN python3 -m venv /srv/.venv && /srv/.venv/bin/pip install -r /srv/deps.txt
RUN cp -r /tmp/client/dist /srv/static

FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
COPY --from=build /srv /srv
EXPOSE 8000
WORKDIR /srv
