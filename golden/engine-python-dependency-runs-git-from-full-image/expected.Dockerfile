# The app never names git itself: GitPython, a dependency, runs it (and refuses to import when
# it is missing). python:3.11 ships git; python:3.11-slim does not.
FROM python:3.11 AS build

WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /app /app
USER app
CMD ["python", "-m", "report"]
