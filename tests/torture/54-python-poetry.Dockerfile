FROM python:3.11-slim
ENV POETRY_VIRTUALENVS_IN_PROJECT=true
RUN pip install poetry==1.8.3
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN poetry install --only main --no-root
COPY . .
CMD [".venv/bin/uvicorn", "app.main:app", "--host", "0.0.0.0"]
