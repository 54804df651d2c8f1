FROM python:3.9-slim AS build
COPY requirements.txt /etc/requirements.txt
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip3 install -r /etc/requirements.txt gunicorn
RUN apt-get update && apt-get install -y nginx supervisor
# nginx runs under supervisord: in the foreground
RUN echo "daemon off;" >> /etc/nginx/nginx.conf
COPY etc/nginx.conf /etc/nginx/conf.d/app.conf
COPY etc/supervisord.conf /etc/supervisor/conf.d/app.conf
WORKDIR /opt/app
COPY app.py .

FROM python:3.9-slim
RUN apt-get update && apt-get install -y nginx supervisor && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
COPY requirements.txt /etc/requirements.txt
COPY --from=build /opt/venv /opt/venv
RUN echo "daemon off;" >> /etc/nginx/nginx.conf
COPY etc/nginx.conf /etc/nginx/conf.d/app.conf
COPY etc/supervisord.conf /etc/supervisor/conf.d/app.conf
WORKDIR /opt/app
COPY --from=build /opt/app /opt/app
EXPOSE 8000
CMD ["/usr/bin/supervisord", "-n"]
