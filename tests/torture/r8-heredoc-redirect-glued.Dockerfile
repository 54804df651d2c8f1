FROM alpine
RUN cat <<EOF>/x
hello
EOF
