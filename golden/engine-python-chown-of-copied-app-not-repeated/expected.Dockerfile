FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv sudo nginx \
    && rm -rf /var/lib/apt/lists/*
RUN useradd -m -s /bin/bash greeter
COPY requirements.txt /home/greeter/source/requirements.txt
WORKDIR /home/greeter
RUN chown -R greeter:greeter /home/greeter/source /var/log/nginx /var/lib/nginx \
    && sudo -Hu greeter python3 -m venv /home/greeter/env \
    && sudo -Hu greeter /home/greeter/env/bin/pip install --no-cache-dir -r /home/greeter/source/requirements.txt
COPY . /home/greeter

FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3 nginx sudo && rm -rf /var/lib/apt/lists/*
RUN useradd -m -s /bin/bash greeter
WORKDIR /home/greeter
RUN chown -R greeter:greeter /var/log/nginx /var/lib/nginx
COPY --from=build /home/greeter /home/greeter
EXPOSE 8000
CMD ["sudo", "-EHu", "greeter", "bash", "-c", "source /home/greeter/env/bin/activate && python -u /home/greeter/app.py"]
