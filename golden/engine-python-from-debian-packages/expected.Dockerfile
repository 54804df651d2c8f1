FROM debian:bookworm AS build
# Python from the distribution's packages, as legacy images on ubuntu/debian bases have it
RUN apt-get update && apt-get install -y --no-install-recommends \
    python3 python3-venv python3-dev gcc \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /srv/requirements.txt
RUN python3 -m venv /srv/venv && /srv/venv/bin/pip install --no-cache-dir -r /srv/requirements.txt
COPY app.py /srv/app.py

FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app
COPY --from=build /srv/venv /srv/venv
COPY --from=build --chown=app /srv/requirements.txt /srv/requirements.txt
COPY --from=build --chown=app /srv/app.py /srv/app.py
USER app
# declared empty for the app to read; the value comes at run time
ENV LISTEN_PORT=8000 \
    API_TOKEN=""
EXPOSE 8000
CMD ["/srv/venv/bin/python", "/srv/app.py"]
