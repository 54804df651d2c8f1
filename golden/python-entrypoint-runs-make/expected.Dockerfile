FROM python:3.11-bookworm AS build
ENV PYTHONUNBUFFERED=1
WORKDIR /srv/site
RUN apt-get update \
    && apt-get install -y --no-install-recommends make gettext gcc libpq-dev \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 make gettext && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /srv/site && chown app /srv/site
WORKDIR /srv/site
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /srv/site /srv/site
USER app
ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["gunicorn", "site.wsgi", "--bind", "0.0.0.0:8000"]
