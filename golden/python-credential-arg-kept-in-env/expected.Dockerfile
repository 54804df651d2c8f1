FROM python:3.11 AS build
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
# Baked into the image's environment at build time: docker build --build-arg password=...
ARG password=''
ENV APP_PASS=$password
ARG deploy_token
RUN test -n "$deploy_token" || echo "no deploy token"
COPY . .

FROM python:3.11-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
ARG password=''
ENV APP_PASS=$password
COPY --from=build --chown=app /app /app
USER app
EXPOSE 5000
CMD ["python", "app.py"]
