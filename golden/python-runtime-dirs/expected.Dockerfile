FROM python:3.12 AS build
WORKDIR /srv/app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
RUN mkdir -p /var/run/gunicorn /data && chmod 777 /var/run/gunicorn
COPY . .

FROM python:3.12-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /data /srv/app /var/run/gunicorn && chown app /data /srv/app /var/run/gunicorn
WORKDIR /srv/app
COPY --from=build /opt/venv /opt/venv
RUN mkdir -p /var/run/gunicorn /data && chmod 777 /var/run/gunicorn
COPY --from=build --chown=app /srv/app /srv/app
USER app
VOLUME /data
CMD ["gunicorn", "--worker-tmp-dir", "/var/run/gunicorn", "app:app"]
