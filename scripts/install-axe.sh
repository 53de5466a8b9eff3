#!/usr/bin/env bash
# axe-core (Deque's accessibility rules engine) for the browser tests' a11y checks: the npm
# package at a pinned version, into a gitignored directory; tests/a11y.py injects axe.min.js.
set -euo pipefail
AXE_VERSION="4.10.3"
DEST="$(cd "$(dirname "$0")/.." && pwd)/.browser-tools"
if [ -f "$DEST/node_modules/axe-core/axe.min.js" ] && \
   grep -q "\"version\": \"$AXE_VERSION\"" "$DEST/node_modules/axe-core/package.json"; then
  echo ">> axe-core $AXE_VERSION present"
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "npm not found: install Node.js (Debian: apt-get install npm)"; exit 1; }
mkdir -p "$DEST"
npm install --prefix "$DEST" --no-save --no-audit --no-fund --ignore-scripts "axe-core@$AXE_VERSION" >/dev/null
echo ">> installed axe-core $AXE_VERSION into $DEST"
