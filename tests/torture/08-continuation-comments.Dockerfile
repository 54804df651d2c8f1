FROM debian:12
RUN apt-get update \
    # tools we need
    && apt-get install -y \
        curl \
    # and git
        git
