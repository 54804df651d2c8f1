FROM alpine
COPY --from=builder --chown=app:app --chmod=0644 --link /src /dst
ADD --checksum=sha256:abc https://example.com/a.tar.gz /tmp/
ADD --keep-git-dir=true https://github.com/a/b.git /src
