#!/bin/sh
set -e
timeout 60 bin/migrate up
exec gosu nobody bin/server "$@"
