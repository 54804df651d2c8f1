FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv python3-dev gcc sudo \
    && rm -rf /var/lib/apt/lists/*
RUN useradd -m -s /bin/bash greeter
COPY requirements.txt /home/greeter/source/requirements.txt
COPY app.py /home/greeter/source/app.py
WORKDIR /home/greeter
RUN chown -R greeter:greeter /home/greeter/source \
    && sudo -Hu greeter python3 -m venv /home/greeter/env \
    && sudo -Hu greeter /bin/bash -c 'source /home/greeter/env/bin/activate && pip install --no-cache-dir -r /home/greeter/source/requirements.txt'

FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3 sudo && rm -rf /var/lib/apt/lists/*
COPY --from=build /home/greeter/env /home/greeter/env
RUN useradd -m -s /bin/bash greeter
COPY --from=build /home/greeter/source/requirements.txt /home/greeter/source/requirements.txt
COPY --from=build /home/greeter/source/app.py /home/greeter/source/app.py
WORKDIR /home/greeter
RUN chown -R greeter:greeter /home/greeter/source
EXPOSE 8000
CMD ["sudo", "-EHu", "greeter", "bash", "-c", "source /home/greeter/env/bin/activate && python -u /home/greeter/source/app.py"]
