FROM ubuntu:22.04 AS build

# tzdata asks for a time zone unless debconf is told not to ask.
ENV DEBIAN_FRONTEND=noninteractive \
    TZ=Etc/UTC

RUN apt-get update && apt-get install -y --no-install-recommends \
      python3 python3-venv python3-dev gcc libpq-dev tzdata \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /app/.venv && /app/.venv/bin/pip install --no-cache-dir -r requirements.txt
COPY . .

FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive \
    TZ=Etc/UTC
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 python3 tzdata && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build --chown=app /app /app
USER app
EXPOSE 8000
CMD ["/app/.venv/bin/gunicorn", "-b", "0.0.0.0:8000", "app:app"]
