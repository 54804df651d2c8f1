FROM python:3.7-buster AS build

ADD . /src

WORKDIR /src

RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir --upgrade pip
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN python3 setup.py install

FROM python:3.7-slim-buster
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /src && chown app /src
WORKDIR /src
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /src /src
USER app
ENTRYPOINT ["nginx-lint"]
