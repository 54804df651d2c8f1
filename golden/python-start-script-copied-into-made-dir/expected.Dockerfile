FROM python:3.10-slim AS build
RUN apt-get update && apt-get -y install --no-install-recommends build-essential curl && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL -o /tmp/index.json https://example.com/index.json
RUN mkdir /app
COPY requirements.txt /requirements.txt
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r /requirements.txt
COPY ./src /app
COPY ./docker_assets/run.sh /app

FROM python:3.10-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /requirements.txt /requirements.txt
COPY --from=build --chown=app /app /app
WORKDIR /app
USER app
EXPOSE 8000
CMD ["./run.sh"]
