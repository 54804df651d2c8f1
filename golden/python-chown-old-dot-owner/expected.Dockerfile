FROM python:3.8-slim-buster AS build
RUN adduser --uid 1000 --disabled-password --gecos '' webdev
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir --upgrade pip
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . /app
RUN chown webdev.webdev -R .

FROM python:3.8-slim-buster
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN adduser --uid 1000 --disabled-password --gecos '' webdev
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=webdev:webdev /app /app
RUN chown webdev:webdev /app
USER webdev
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "wsgi:app"]
