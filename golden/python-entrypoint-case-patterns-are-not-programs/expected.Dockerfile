# The entrypoint dispatches on its first argument with `case`: the clause patterns (`web)`,
# `make)`) are words the shell matches, not programs it runs. Only gunicorn runs; make is not
# installed in the runtime (msify used to read `make)` as a command, and installed make).
FROM python:3.11 AS build
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install -r requirements.txt
COPY . .

FROM python:3.11-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /app /app
USER app
ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["web"]
