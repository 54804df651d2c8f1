FROM python:3.11-slim AS build
# pip upgraded for the tool's install, in one step, as renku-notebooks and telescope do
RUN pip install --no-cache-dir -U pip && \
    pip install --no-cache-dir pipenv && \
    useradd -m kyaku
COPY Pipfile Pipfile.lock /srv/app/
WORKDIR /srv/app
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pipenv install --system --deploy
COPY app.py /srv/app/

FROM python:3.11-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN useradd -m kyaku
WORKDIR /srv/app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /srv/app /srv/app
USER kyaku
EXPOSE 8000
CMD ["python3", "app.py"]
