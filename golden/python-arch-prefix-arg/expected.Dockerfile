ARG ARCH
FROM ${ARCH}python:3.8-slim AS build
ENV PYTHONUNBUFFERED 1
WORKDIR /opt/app
COPY requirements.txt .
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir --upgrade pip
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip3 install -r requirements.txt gunicorn
COPY . .

FROM ${ARCH}python:3.8-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /opt/app && chown app /opt/app
ENV PYTHONUNBUFFERED 1
WORKDIR /opt/app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /opt/app /opt/app
USER app
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
