FROM ubuntu:16.04 AS build
RUN apt-get update && apt-get install -y python3 python3-dev python3-venv gcc \
    libsasl2-dev libldap2-dev libssl-dev libffi-dev
WORKDIR /srv/app
COPY requirements.txt .
RUN python3 -m venv /srv/venv && /srv/venv/bin/pip install -r requirements.txt
COPY . .

FROM ubuntu:16.04
RUN apt-get update && apt-get install -y libsasl2-2 libldap-2.4-2 libssl1.0.0 libffi6 python3 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home app && mkdir -p /srv/app && chown app /srv/app
WORKDIR /srv/app
COPY --from=build /srv/venv /srv/venv
COPY --from=build --chown=app /srv/app /srv/app
USER app
EXPOSE 8080
CMD ["/srv/venv/bin/python", "server.py"]
