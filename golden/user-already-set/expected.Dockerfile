FROM python:3.12 AS build
RUN useradd --create-home --uid 1001 web
WORKDIR /home/web/app
COPY --chown=web:web requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=web:web . .

FROM python:3.12-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --create-home --uid 1001 web
WORKDIR /home/web/app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=web:web /home/web/app /home/web/app
USER web
EXPOSE 8000
CMD ["gunicorn", "app:app", "-b", "0.0.0.0:8000"]
