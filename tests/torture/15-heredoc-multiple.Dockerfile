FROM alpine
RUN <<A cat - && cat <<-B
first body
A
	second body
	B
CMD x
