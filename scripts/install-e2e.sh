#!/usr/bin/env bash
# Installs what the real-VS Code tests need: Debian's chromium and build tools, and code-server
# 4.100.3 (VS Code 1.100.3 for Node 20) into .e2e/code-server, outside the project's dependencies.
# Idempotent: does nothing that is already done. Usage: scripts/install-e2e.sh
set -euo pipefail

VERSION=4.100.3
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
E2E="${E2E_DIR:-$ROOT/.e2e}"
PREFIX="$E2E/code-server"
BIN="$PREFIX/node_modules/code-server/out/node/entry.js"

# Debian packages: chromium drives the UI; kerberos (a code-server dependency) builds from source
# and needs gssapi headers; ripgrep seeds @vscode/ripgrep, which would download it otherwise.
need=()
for pkg in chromium libkrb5-dev ripgrep g++ make python3; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

if [ -f "$BIN" ] && [ -d "$PREFIX/node_modules/code-server/lib/vscode/node_modules" ] \
  && grep -q "\"version\": \"$VERSION\"" "$PREFIX/node_modules/code-server/package.json"; then
  echo "code-server $VERSION is already installed in $PREFIX"
  exit 0
fi

mkdir -p "$PREFIX" "$E2E/home" "$E2E/tmp"
# Keep npm's and code-server's files out of the real home folder.
export HOME="$E2E/home" XDG_CONFIG_HOME="$E2E/home/.config" XDG_DATA_HOME="$E2E/home/.local/share"
export TMPDIR="$E2E/tmp"

# @vscode/ripgrep@1.15.11 downloads a ripgrep release from GitHub unless its cache holds one:
# put Debian's rg there under the name it looks for.
CACHE="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$CACHE"
for tarball in ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz ripgrep-v13.0.0-4-x86_64-unknown-linux-musl.tar.gz; do
  [ -f "$CACHE/$tarball" ] || tar czf "$CACHE/$tarball" -C /usr/bin rg
done

# A package.json of its own so that the install does not touch the project's.
[ -f "$PREFIX/package.json" ] || echo '{ "name": "e2e-code-server", "private": true }' > "$PREFIX/package.json"

# npm 11 skips dependencies' install scripts unless they are allowed, and code-server's own
# postinstall runs a nested `npm install` in lib/vscode whose native modules need theirs too.
# An allow list does not get through: npm hands it to the nested npm as npm_config_allow_scripts,
# which npm refuses in a project install (EALLOWSCRIPTS), and lib/vscode's package.json has no
# allowScripts field. So allow all scripts, for this pinned install only (this environment
# variable, not a saved setting). The packages that need theirs: code-server, argon2, kerberos,
# node-pty, @parcel/watcher, @vscode/ripgrep, @vscode/spdlog, @vscode/deviceid, native-watchdog,
# vscode-extensions.
export npm_config_dangerously_allow_all_scripts=true
# code-server's postinstall reads this variable as root; npm 11 no longer sets it from --unsafe-perm.
export npm_config_unsafe_perm=true
# A nested `npx node-gyp` must not stop to ask.
export npm_config_yes=true
# node-gyp would download Node's headers from nodejs.org; use the installed ones when present.
NODE_PREFIX="$(dirname "$(dirname "$(command -v node)")")"
if [ -f "$NODE_PREFIX/include/node/node.h" ]; then export npm_config_nodedir="$NODE_PREFIX"; fi
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

echo "Installing code-server $VERSION into $PREFIX (about a minute, 300 MB)"
# As root, older npm drops privileges for install scripts unless told not to; npm 9+ has no such flag.
UNSAFE_PERM=()
[ "$(id -u)" = 0 ] && [ "$(npm --version | cut -d. -f1)" -lt 9 ] && UNSAFE_PERM=(--unsafe-perm)
npm install --prefix "$PREFIX" "${UNSAFE_PERM[@]}" "code-server@$VERSION"

if [ ! -d "$PREFIX/node_modules/code-server/lib/vscode/node_modules" ]; then
  echo "code-server's postinstall did not install lib/vscode/node_modules" >&2
  exit 1
fi
echo "code-server $VERSION installed: node $BIN"
