FROM alpine
LABEL description="Grüße — 日本語 ✓"
RUN echo "ünïcödé" > /tmp/x
