#!/usr/bin/env bash
# Sets up a fresh Debian machine for the tests: Debian packages, the npm dependencies, and the
# real VS Code (code-server) used by the end-to-end tests. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
need=()
for pkg in neovim python3; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

npm ci --no-audit --no-fund
bash scripts/install-e2e.sh
