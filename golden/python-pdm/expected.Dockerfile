FROM python:3.11 AS build
WORKDIR /app
RUN pip install pdm
COPY pyproject.toml pdm.lock ./
RUN pdm install --prod --no-editable
COPY . .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build --chown=app /app /app
USER app
CMD ["/app/.venv/bin/celery", "-A", "jobs", "worker"]
