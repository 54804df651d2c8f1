FROM alpine
RUN <<-EOT sh
	echo indented
	EOT
CMD x
