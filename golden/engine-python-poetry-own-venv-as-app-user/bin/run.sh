#!/bin/sh
# The start script: poetry finds the virtualenv it made for this project.
if [ "$1" = "server" ]; then
    exec poetry run greeter
fi
exec poetry run "$@"
