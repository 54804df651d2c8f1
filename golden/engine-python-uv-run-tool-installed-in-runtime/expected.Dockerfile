FROM python:3.11-slim AS build

RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv

WORKDIR /app
COPY . /app
RUN uv sync --frozen

FROM python:3.11-slim
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY --from=build --chown=app /app /app
USER app
EXPOSE 9001
CMD ["uv", "run", "src/server.py", "--port", "9001"]
