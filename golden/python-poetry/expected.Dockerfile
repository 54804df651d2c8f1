FROM python:3.11 AS build
RUN pip install poetry==1.8.3
ENV POETRY_VIRTUALENVS_IN_PROJECT=true
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN poetry install --only main --no-root
COPY . .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
ENV POETRY_VIRTUALENVS_IN_PROJECT=true
WORKDIR /app
COPY --from=build --chown=app /app /app
USER app
EXPOSE 8000
CMD ["/app/.venv/bin/uvicorn", "svc.main:app", "--host", "0.0.0.0", "--port", "8000"]
