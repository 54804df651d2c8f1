FROM python:3.11 AS build
WORKDIR /srv
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py .

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /srv && chown app /srv
WORKDIR /srv
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /srv /srv
USER app
EXPOSE 8000
CMD ["python", "app.py"]
