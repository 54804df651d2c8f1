FROM python:3.12 AS build
WORKDIR /srv/report
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

FROM python:3.12-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /srv/report && chown app /srv/report
WORKDIR /srv/report
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /srv/report /srv/report
USER app
CMD ["python3", "report.py"]
