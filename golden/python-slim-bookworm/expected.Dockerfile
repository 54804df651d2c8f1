FROM python:3.12-slim-bookworm AS build
WORKDIR /srv
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

FROM python:3.12-slim-bookworm
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --no-create-home app && mkdir -p /srv && chown app /srv
WORKDIR /srv
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /srv /srv
USER app
EXPOSE 8000
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
