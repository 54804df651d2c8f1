#!/usr/bin/env bash
# Seeds the fuzz corpora with every golden and torture Dockerfile (mutations of real files).
# The pipeline target reads its first byte as the stack selector, so each seed is prefixed.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/parse corpus/pipeline
i=0
for f in ../tests/torture/*.Dockerfile ../golden/*/Dockerfile ../golden/*/docker/Dockerfile ../golden/*/expected.Dockerfile; do
  [ -f "$f" ] || continue
  cp "$f" "corpus/parse/seed-$i"
  { printf "\\x$(printf %02x $((i % 6)))"; cat "$f"; } > "corpus/pipeline/seed-$i"
  i=$((i + 1))
done
echo "seeded $i files"
