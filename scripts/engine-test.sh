#!/usr/bin/env bash
# Engine integration tests: `msify verify` on golden cases (Go, Node, Python, Java, Rust, SPA)
# against a local Docker engine. Starts the engine and builds local stand-ins for the official
# base images with ../shared/engine/setup.sh (no registry is reachable here; a few minutes the
# first time), then runs `cargo test --features engine --test engine`.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MSIFY_SHARED:-../shared}
bash "$shared/engine/setup.sh" golang node python java rust nginx distroless >/dev/null
D=/usr/bin/docker
have() { $D image inspect "$1" >/dev/null 2>&1; }
# Tags the templates use that the stand-ins lack: alias them to the stand-in of the same kind.
alias_tag() { have "$2" || $D tag "$1" "$2"; }
alias_tag nginx:alpine nginx:stable-alpine
alias_tag gcr.io/distroless/base-debian12 gcr.io/distroless/base-debian12:nonroot
alias_tag gcr.io/distroless/cc-debian12 gcr.io/distroless/cc-debian12:nonroot
# The official golang images carry make, g++ and pkg-config (a Makefile build needs make).
for t in golang:1.22-bookworm golang:1.22 golang:1.21; do
  if ! $D run --rm "$t" sh -c 'command -v make' >/dev/null 2>&1; then
    printf 'FROM %s\nRUN apt-get update && apt-get install -y --no-install-recommends make g++ pkg-config && rm -rf /var/lib/apt/lists/*\n' "$t" | DOCKER_BUILDKIT=1 $D build -q -t "$t" - >/dev/null
  fi
done
# The official node images have a `node` user (uid 1000); give the stand-ins one too.
for t in node:20-slim node:18-slim node:20 node:18; do
  if ! $D run --rm "$t" id node >/dev/null 2>&1; then
    printf 'FROM %s\nRUN useradd --create-home --uid 1000 node\n' "$t" | DOCKER_BUILDKIT=1 $D build -q -t "$t" - >/dev/null
  fi
done
MSIFY_DOCKER=$D cargo test --profile ci --locked --features engine --test engine -- --test-threads=1
