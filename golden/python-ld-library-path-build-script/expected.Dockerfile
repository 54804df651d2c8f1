FROM python:3.11-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY build_helpers/* /tmp/
RUN cd /tmp && /tmp/install_libfoo.sh && rm -r /tmp/libfoo*
ENV LD_LIBRARY_PATH /usr/local/lib
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

FROM python:3.11-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
COPY --from=build /usr/local/lib /usr/local/lib
WORKDIR /app
ENV LD_LIBRARY_PATH /usr/local/lib
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /app /app
USER app
CMD ["python", "app.py"]
