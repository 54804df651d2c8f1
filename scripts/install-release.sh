#!/usr/bin/env bash
# Install a released msify binary for this machine into DEST/bin, checking its SHA-256.
#   scripts/install-release.sh OWNER/REPO TAG DEST
# Downloads  $BASE/TAG/msify-TARGET.tar.gz and its .sha256, where BASE is
# https://github.com/OWNER/REPO/releases/download (MSIFY_RELEASE_BASE overrides it, e.g. a
# file:// directory in tests). Exit 3 when there is no release binary for this tag and machine
# (the caller then builds with cargo); any other failure (a checksum mismatch) exits 1.
set -euo pipefail
repo=$1 tag=$2 dest=$3
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) target=x86_64-unknown-linux-musl ;;
  Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
  Darwin/x86_64) target=x86_64-apple-darwin ;;
  Darwin/arm64) target=aarch64-apple-darwin ;;
  *) echo "no msify release binary for $(uname -s)/$(uname -m)" >&2; exit 3 ;;
esac
case "$tag" in
  v[0-9]*) ;;
  *) echo "msify $tag is not a release tag: no release binary" >&2; exit 3 ;;
esac
base=${MSIFY_RELEASE_BASE:-https://github.com/$repo/releases/download}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
archive=msify-$target.tar.gz
if ! curl -fsSL -o "$tmp/$archive" "$base/$tag/$archive" || ! curl -fsSL -o "$tmp/$archive.sha256" "$base/$tag/$archive.sha256"; then
  echo "no msify release binary at $base/$tag/$archive" >&2
  exit 3
fi
want=$(cut -d' ' -f1 < "$tmp/$archive.sha256")
if command -v sha256sum >/dev/null; then got=$(sha256sum "$tmp/$archive" | cut -d' ' -f1); else got=$(shasum -a 256 "$tmp/$archive" | cut -d' ' -f1); fi
if [ "$want" != "$got" ]; then
  echo "checksum mismatch for $archive: expected $want, got $got" >&2
  exit 1
fi
mkdir -p "$dest/bin"
tar -xzf "$tmp/$archive" -C "$dest/bin" msify
"$dest/bin/msify" --version
