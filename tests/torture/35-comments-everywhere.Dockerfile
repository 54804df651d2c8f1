# top comment

# describes FROM
FROM alpine # not a comment, an argument
  # indented comment
RUN true
#
