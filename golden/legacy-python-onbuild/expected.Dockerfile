# Flask app, as the tutorial had it
FROM python:3.6 AS build
# python:3-onbuild's ONBUILD steps, written out (the onbuild images are retired):
WORKDIR /usr/src/app
COPY requirements.txt /usr/src/app/
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir --upgrade pip
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . /usr/src/app

FROM python:3.6-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /usr/src/app && chown app /usr/src/app
WORKDIR /usr/src/app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /usr/src/app /usr/src/app
USER app
EXPOSE 5000
CMD ["python", "./app.py"]
