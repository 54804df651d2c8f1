FROM debian:12
MAINTAINER Jane Doe <jane@example.com>
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN set -x; echo hi | cat
