FROM python:3.11.3 AS build
ARG UID=1001
ENV USERNAME="worker"
ENV VIRTUAL_ENV=/home/worker/venv
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev gcc \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid "${UID}" $USERNAME
RUN python3 -m venv $VIRTUAL_ENV
ENV PATH="$VIRTUAL_ENV/bin:$PATH"
WORKDIR /home/worker/app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY entrypoint.sh /entrypoint.sh
RUN chmod +x /entrypoint.sh && mkdir -p output && chown -R $USERNAME output

FROM python:3.11.3-slim
ARG UID=1001
ENV USERNAME="worker"
ENV VIRTUAL_ENV=/home/worker/venv
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid "${UID}" $USERNAME
ENV PATH="$VIRTUAL_ENV/bin:$PATH"
WORKDIR /home/worker/app
COPY --from=build /home/worker/venv /home/worker/venv
COPY --from=build /entrypoint.sh /entrypoint.sh
COPY --from=build /home/worker/app /home/worker/app
USER $USERNAME
VOLUME /home/worker/app/output
ENTRYPOINT ["/entrypoint.sh"]
CMD ["python", "-m", "app"]
