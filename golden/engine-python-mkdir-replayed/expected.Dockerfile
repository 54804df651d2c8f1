FROM python:3.11 AS build
WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install -r requirements.txt
# The app keeps its uploads here; a plain mkdir, as legacy files write it.
RUN mkdir /data
COPY . .

FROM python:3.11-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app /data && chown app /app /data
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
RUN mkdir -p /data
COPY --from=build --chown=app /app /app
USER app
EXPOSE 8000
CMD ["python", "app.py"]
