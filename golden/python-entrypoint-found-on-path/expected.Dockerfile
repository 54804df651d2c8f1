# The entrypoint is copied onto PATH and named without a path (`ENTRYPOINT ["entrypoint.sh"]`,
# as the official images do): msify reads it where the shell finds it, in /usr/local/bin. It
# runs curl, which python:3.11 ships and python:3.11-slim lacks: the runtime installs it.
FROM python:3.11 AS build
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install -r requirements.txt
COPY . .
COPY docker/entrypoint.sh /usr/local/bin/

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /app /app
COPY docker/entrypoint.sh /usr/local/bin/
USER app
ENV CONFIG_URL=file:///app/defaults.json
ENTRYPOINT ["entrypoint.sh"]
CMD ["python", "app.py"]
