# pip run by a non-root user installs into that user's ~/.local, and the start command names
# the program there (mozilla/fx-private-relay's shape).
FROM python:3.11 AS build
RUN pip install --no-cache-dir wheel
RUN groupadd --gid 10001 app && \
    useradd -g app --uid 10001 --shell /usr/sbin/nologin --create-home --home-dir /app app
WORKDIR /app
USER app
COPY --chown=app requirements.txt /app/requirements.txt
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=app . /app

FROM python:3.11-slim
RUN groupadd --gid 10001 app && \
    useradd -g app --uid 10001 --shell /usr/sbin/nologin --create-home --home-dir /app app
WORKDIR /app
EXPOSE 8000
USER app
COPY --from=build --chown=app /app /app
ENTRYPOINT ["/app/.local/bin/gunicorn"]
CMD ["-b", "0.0.0.0:8000", "app:app"]
