FROM python:3.11 AS build

WORKDIR /app
COPY requirements.txt .
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN git config --system user.name "mirror bot" && \
    git config --system init.defaultBranch main

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd --system --uid 10001 --create-home app && mkdir -p /app && chown app /app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=app /app /app
RUN git config --system user.name "mirror bot" && \
    git config --system init.defaultBranch main
USER app
CMD ["python", "-m", "mirror"]
