# The CMD gives bash an option before the script (`bash -e /app/start.sh`, as supervisord-era
# images wrote it): the script is read as it is without the option. It runs curl, which
# python:3.11 ships and python:3.11-slim lacks: the runtime installs it.
FROM python:3.11 AS build
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install -r requirements.txt
ENV CONFIG_URL=file:///app/defaults.json
COPY . .

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
ENV CONFIG_URL=file:///app/defaults.json
COPY --from=build --chown=app /app /app
USER app
CMD ["/bin/bash", "-e", "/app/start.sh"]
