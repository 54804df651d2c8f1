FROM python:3.10 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /code
COPY requirements.txt package.json package-lock.json ./
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install -r requirements.txt && npm ci
COPY . .
RUN npm run build && python manage.py collectstatic --noinput

FROM python:3.10-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /code && chown app /code
WORKDIR /code
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /code /code
USER app
EXPOSE 8000
CMD ["gunicorn", "site.wsgi", "-b", "0.0.0.0:8000"]
