#!/bin/sh
set -e
tsc -p .
exec node build/index.js
