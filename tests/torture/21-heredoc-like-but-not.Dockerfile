FROM alpine
RUN echo '<<EOF' && echo "<<EOF"
RUN ["sh", "-c", "cat <<EOF"]
CMD << EOF
