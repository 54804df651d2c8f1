FROM python:3.11-bookworm AS build
WORKDIR /usr/src/app
RUN apt-get update \
    && apt-get install --assume-yes --no-install-recommends gcc libpq-dev \
    && rm -rf /var/lib/apt/lists/*
ARG REQ_FILE=requirements/prod.txt
COPY ./requirements ./requirements
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN python3 -m pip install --no-cache-dir -r ${REQ_FILE}
COPY . .

FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /usr/src/app && chown app /usr/src/app
WORKDIR /usr/src/app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /usr/src/app /usr/src/app
USER app
EXPOSE 8000
CMD ["gunicorn", "mysite.wsgi", "--bind", "0.0.0.0:8000"]
