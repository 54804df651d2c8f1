FROM python:3.11-slim-bookworm AS build
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
# jq and the compilers only serve the install; the same RUN purges them again.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libffi-dev jq \
 && pip install -r requirements.txt \
 && apt-get purge -y jq gcc *-dev && rm -rf /var/lib/apt/lists/*
COPY . .

FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libffi8 && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /app /app
USER app
CMD ["python", "app.py"]
