FROM alpine
ENV A=1 B="two words" C=three\ words
ENV OLD style value here
LABEL org.opencontainers.image.title="demo" \
      version=1.0
LABEL "quoted key"=yes
