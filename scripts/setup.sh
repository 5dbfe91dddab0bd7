#!/usr/bin/env bash
# Sets up a fresh Debian machine for the tests: Debian packages, the npm dependencies, and the
# real VS Code (code-server) used by the end-to-end tests. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
need=()
for pkg in neovim python3 python3-yaml; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
# slurm-wlm and munge: the tests start their own one-node Slurm on localhost (test/helpers/localSlurm.ts).
slurm=()
for pkg in slurm-wlm munge; do
  dpkg -s "$pkg" >/dev/null 2>&1 || slurm+=("$pkg")
done
if ((${#need[@]} + ${#slurm[@]})); then
  $SUDO apt-get update -qq
fi
if ((${#need[@]})); then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
if ((${#slurm[@]})); then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${slurm[@]}"
fi

npm ci --no-audit --no-fund
bash scripts/install-e2e.sh
