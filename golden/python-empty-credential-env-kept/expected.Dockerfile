FROM python:3.12 AS build
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# settings.py reads os.environ["SECRET_KEY"]: declared empty here, set at run time
ENV DJANGO_SETTINGS_MODULE=site.settings \
    SECRET_KEY="" \
    DATABASE_PASSWORD=changeme

FROM python:3.12-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /app /app
USER app
ENV DJANGO_SETTINGS_MODULE=site.settings SECRET_KEY=""
CMD ["gunicorn", "site.wsgi"]
