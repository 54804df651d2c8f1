FROM alpine
RUN <<"EOF" sh
echo $HOME
EOF
