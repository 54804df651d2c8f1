#!/bin/sh
set -e
BIN=/usr/local/bin/relay
echo "starting relay"
$BIN "$@"
