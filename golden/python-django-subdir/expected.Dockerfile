FROM python:3.11 AS build
WORKDIR /app
COPY requirements.txt ./
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# the Django project lives one level down
WORKDIR /app/site/shop
RUN python manage.py collectstatic --noinput

FROM python:3.11-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app/site/shop && chown app /app/site/shop
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app/site/shop
COPY --from=build --chown=app /app /app
USER app
EXPOSE 8000
CMD ["gunicorn", "shop.wsgi:application", "--bind", "0.0.0.0:8000"]
