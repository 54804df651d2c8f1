#!/bin/sh
set -e
BIN=bin/relay
sudo -E -u nobody $BIN migrate
exec $BIN "$@"
