#!/usr/bin/env bash
# msify on the real-world corpus (realworld/cases/*.toml): see scripts/realworld.py for what it
# checks. Uses ./.venv's Python (BuildKit's parser) when scripts/test.sh has set it up.
set -euo pipefail
cd "$(dirname "$0")/.."
py=python3
[ -x .venv/bin/python ] && .venv/bin/python -c 'import dockerfile' 2>/dev/null && py=.venv/bin/python
exec "$py" scripts/realworld.py "$@"
