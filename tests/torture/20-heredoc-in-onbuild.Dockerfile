FROM alpine
ONBUILD RUN <<EOF
echo built
EOF
CMD x
