FROM alpine
FOO bar baz
frobnicate --now
CMD x
