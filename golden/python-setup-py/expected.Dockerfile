FROM python:3.10 AS build
WORKDIR /src
COPY . .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir .

FROM python:3.10-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /src && chown app /src
WORKDIR /src
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /src /src
USER app
CMD ["tool"]
