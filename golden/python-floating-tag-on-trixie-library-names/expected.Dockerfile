FROM python:3.12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends libssl-dev libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir --no-binary psycopg2,cryptography -r requirements.txt
COPY . .
RUN adduser --system --group web

FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libssl3t64 libpq5 adduser && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
WORKDIR /srv
COPY --from=build /opt/venv /opt/venv
COPY --from=build /srv /srv
RUN adduser --system --group web
USER web
EXPOSE 8000
CMD ["gunicorn", "-b", "0.0.0.0:8000", "wsgi:app"]
