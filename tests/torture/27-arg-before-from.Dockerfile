ARG BASE=debian
ARG TAG=12-slim
FROM ${BASE}:${TAG} AS runtime
ARG TAG
RUN echo $TAG
