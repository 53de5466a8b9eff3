#!/usr/bin/env bash
# Vendor OpenSeadragon (the page-scan viewer) from the npm registry into static/vendor/.
# Pinned version and the registry's sha512 integrity; the result is committed, so `make run`
# needs no npm. Re-run (`make vendor`) only to change the version.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=6.1.1
INTEGRITY="sha512-g4iKe2q8B642SaBT3+x4ZF3/8b1TxPPydyjmtrOLgDrlYWMKd9ZXM+1Cb/xa9DVySkvs/7l6HR1nHKfD5F3Tsw=="
TARGET=static/vendor/openseadragon

command -v npm >/dev/null 2>&1 || { echo "npm not found (apt-get install npm)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "openseadragon@$VERSION" >/dev/null)
tarball="$work/openseadragon-$VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "openseadragon-$VERSION.tgz: integrity $actual, expected $INTEGRITY"; exit 1
fi
tar -xzf "$tarball" -C "$work"
rm -rf "$TARGET"
mkdir -p "$TARGET"
# Without its sourceMappingURL line: the .map is not vendored, and a manifest static storage
# would refuse to collect a file pointing at a missing one.
sed '/^\/\/# sourceMappingURL=/d' "$work/package/build/openseadragon/openseadragon.min.js" \
  > "$TARGET/openseadragon.min.js"
cp -r "$work/package/build/openseadragon/images" "$TARGET/images"
cp "$work/package/LICENSE.txt" "$TARGET/LICENSE.txt"
echo "$VERSION" > "$TARGET/VERSION"
echo ">> vendored OpenSeadragon $VERSION into $TARGET"
