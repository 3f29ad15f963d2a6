#!/usr/bin/env bash
# Installs what the extension's end-to-end tests need, from the npm registry and Debian's apt only:
#   - Debian's chromium (the "window"), ripgrep, and a compiler toolchain for code-server's native modules;
#   - code-server 4.100.3 (VS Code 1.100.3's server + web workbench, a real Node extension host),
#     unpacked by hand because `npm install -g code-server` fails in its nested postinstall;
#   - playwright-core, to drive chromium.
# Everything goes into a cache folder outside the repository ($BREAKWATER_E2E_CACHE, default
# ~/.cache/breakwater-e2e). Idempotent: a second run finds the stamp files and returns in a second.
# Adapted from shared/reference/vscode-e2e/setup-code-server.sh (code-server <= 4.100.x, host Node 20).
set -euo pipefail
CS_VERSION="${CS_VERSION:-4.100.3}"
PW_VERSION="${PW_VERSION:-1.65.1}"
PREFIX="${BREAKWATER_E2E_CACHE:-$HOME/.cache/breakwater-e2e}"
t0=$(date +%s)
log() { echo "[e2e-setup +$(( $(date +%s) - t0 ))s] $*"; }

# 1. OS packages. ripgrep replaces @vscode/ripgrep's GitHub download; libkrb5-dev + build tools build
#    the native modules from source (their prebuilt binaries live on GitHub, unreachable here).
need_apt=0
for bin in /usr/lib/chromium/chromium /usr/bin/rg /usr/bin/g++ /usr/bin/make; do [ -x "$bin" ] || need_apt=1; done
[ -f /usr/include/krb5.h ] || [ -f /usr/include/gssapi/gssapi.h ] || need_apt=1
if [ "$need_apt" = 1 ] && [ "${SKIP_APT:-0}" != 1 ]; then
  log "apt: chromium ripgrep libkrb5-dev build-essential python3"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    chromium ripgrep libkrb5-dev build-essential python3 ca-certificates >/dev/null
fi

mkdir -p "$PREFIX"
cd "$PREFIX"

# 2. code-server, unless this version is already installed and complete.
if [ "$(cat code-server.stamp 2>/dev/null)" != "$CS_VERSION" ]; then
  NODE_BIN="$(command -v node)"
  host_major=$(node -p 'process.versions.node.split(".")[0]')
  need_node=$(npm view "code-server@$CS_VERSION" engines.node)
  [ "$need_node" = "$host_major" ] || { echo "code-server $CS_VERSION wants Node $need_node, this host has $host_major"; exit 1; }
  NODEDIR="$(dirname "$(dirname "$(readlink -f "$NODE_BIN")")")"
  [ -f "$NODEDIR/include/node/node.h" ] || { echo "no Node headers under $NODEDIR/include/node (node-gyp needs them)"; exit 1; }
  export npm_config_nodedir="$NODEDIR"   # node-gyp would otherwise download headers from nodejs.org
  export npm_config_yes=true             # node-pty's postinstall runs `npx node-gyp@x`, which would prompt

  log "fetch code-server@$CS_VERSION"
  rm -rf code-server code-server.stamp && npm pack "code-server@$CS_VERSION" --pack-destination "$PREFIX" >/dev/null 2>&1
  tar xzf "code-server-$CS_VERSION.tgz" && mv package code-server && rm "code-server-$CS_VERSION.tgz"

  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache under $TMPDIR holds the
  # release tarball: seed that cache with Debian's rg.
  rgver=$(node -p 'const p=require("./code-server/lib/vscode/npm-shrinkwrap.json").packages["node_modules/@vscode/ripgrep"]; p?p.version:""')
  if [ -n "$rgver" ]; then
    rm -rf rgtmp && mkdir -p rgtmp && (cd rgtmp && npm pack "@vscode/ripgrep@$rgver" >/dev/null 2>&1 && tar xzf vscode-ripgrep-*.tgz)
    rgtag=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" rgtmp/package/lib/postinstall.js)
    rgdir="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$rgver"; mkdir -p "$rgdir"
    cp "$(command -v rg)" rgtmp/rg && tar czf "$rgdir/ripgrep-$rgtag-x86_64-unknown-linux-musl.tar.gz" -C rgtmp rg
    rm -rf rgtmp
    log "seeded $rgdir with Debian's rg"
  fi

  # What code-server's own postinstall.sh does, by hand (no nested npm).
  log "npm install lib/vscode (builds native modules; about 2 minutes)"
  (cd code-server/lib/vscode && npm install --omit=dev --no-audit --no-fund --loglevel=error)
  log "npm install code-server root"
  (cd code-server && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error && npm rebuild argon2 --loglevel=error)
  (cd code-server/lib/vscode && if grep -q symlink_asar ../../postinstall.sh; then ln -sfn node_modules node_modules.asar; fi
   cd bin/remote-cli && ln -sfn code-linux.sh code-server && cd ../helpers && ln -sfn browser-linux.sh browser.sh)
  log "npm install lib/vscode/extensions"
  (cd code-server/lib/vscode/extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error)
  node code-server/out/node/entry.js --version | tail -1
  echo "$CS_VERSION" > code-server.stamp
fi

# 3. The browser driver, in its own folder (the repository's playwright-core is a devDependency of
#    extension/, but the e2e scripts must also run from a bare checkout before `npm ci`).
if [ "$(cat tools.stamp 2>/dev/null)" != "$PW_VERSION" ]; then
  log "tools: playwright-core@$PW_VERSION"
  mkdir -p tools && (cd tools && { [ -f package.json ] || npm init -y >/dev/null; } && \
    npm install --no-audit --no-fund --loglevel=error "playwright-core@$PW_VERSION")
  echo "$PW_VERSION" > tools.stamp
fi

cat > env.sh <<EOT
export CS_ENTRY="$PREFIX/code-server/out/node/entry.js"
export CS_NODE="$(command -v node)"
export PW_DIR="$PREFIX/tools"
export CHROMIUM=/usr/lib/chromium/chromium
EOT
log "ready: $PREFIX ($(du -sh "$PREFIX" | cut -f1))"
