#!/bin/sh
set -e
useradd -m archivist || true
for f in /docker-entrypoint.d/*.sh; do sh "$f"; done
su archivist -c "cd $PWD; $*"
