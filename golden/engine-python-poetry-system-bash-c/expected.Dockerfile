FROM python:3.11-slim AS build
RUN pip install --no-cache-dir poetry==1.8.3 && poetry config virtualenvs.create false
WORKDIR /app
COPY . .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
# The project and its console script, installed with bash as so many legacy files do.
RUN /bin/bash -c 'poetry install --only main --no-interaction --no-ansi'

FROM python:3.11-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /app /app
USER app
EXPOSE 8000
CMD ["greeter"]
