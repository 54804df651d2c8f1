FROM python:3.11-slim AS build
WORKDIR /app
RUN groupadd --gid 10001 app \
    && useradd -m -g app --uid 10001 -s /usr/sbin/nologin app
# Poetry for the system as root; the app's dependencies in poetry's own virtualenv, as app.
RUN apt-get update && apt-get install --yes --no-install-recommends build-essential \
    && pip install --no-cache-dir -U pip \
    && pip install --no-cache-dir poetry==1.8.3 \
    && rm -rf /var/lib/apt/lists/*
COPY . /app
USER app
RUN poetry install --only main --no-interaction --no-ansi

FROM python:3.11-slim
WORKDIR /app
RUN groupadd --gid 10001 app \
    && useradd -m -g app --uid 10001 -s /usr/sbin/nologin app
RUN pip install --no-cache-dir poetry==1.8.3
USER app
COPY --from=build --chown=app /home/app/.cache/pypoetry/virtualenvs /home/app/.cache/pypoetry/virtualenvs
COPY --from=build /app /app
EXPOSE 8000
ENTRYPOINT ["/app/bin/run.sh"]
CMD ["server"]
