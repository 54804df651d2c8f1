# The whole image from a build argument, and a start script the build moves out of the
# project (webrecorder/pywb's and dribdat's shapes): the script drops to a user it makes itself.
ARG PYTHON=python:3.8
FROM $PYTHON AS build
WORKDIR /pywb
COPY requirements.txt ./
RUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir --upgrade pip
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install --no-cache-dir -r requirements.txt
COPY . ./
RUN mkdir /docker-entrypoint.d \
 && mv ./image/entrypoint.d/* /docker-entrypoint.d/ \
 && mv ./docker-entrypoint.sh /

FROM python:3.8-slim
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
WORKDIR /pywb
COPY --from=build /opt/venv /opt/venv
COPY --from=build /pywb /pywb
COPY --from=build /docker-entrypoint.d /docker-entrypoint.d
COPY --from=build /docker-entrypoint.sh /docker-entrypoint.sh
WORKDIR /webarchive
VOLUME /webarchive
EXPOSE 8080
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["uwsgi", "/pywb/uwsgi.ini"]
