FROM alpine
RUN <<EOF
echo a
EOF 
EOF
CMD x
