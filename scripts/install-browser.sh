#!/usr/bin/env bash
# Headless Chromium and CJK fonts for the browser tests (Debian packages; Playwright drives them).
set -euo pipefail
# grep reads all of fc-list's output (no -q): with pipefail, an early exit would make fc-list
# die of SIGPIPE and the fonts look missing, and every run would reinstall.
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -i "noto sans cjk" >/dev/null; then
  echo ">> chromium and CJK fonts present"
  exit 0
fi
echo ">> installing Debian chromium and fonts-noto-cjk for the browser tests"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
echo ">> installed $(chromium --version)"
