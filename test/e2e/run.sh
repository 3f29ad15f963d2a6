#!/usr/bin/env bash
# npm run test:e2e — the extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, with
# Debian's chromium as the window):
#   1. test/e2e/setup.sh installs chromium, code-server and playwright-core into a cache folder
#      outside the repository (idempotent: seconds when already there);
#   2. `npm run package -w extension` builds everything and packages breakwater-<version>.vsix;
#   3. route A drives the UI as a person (test/e2e/route-a.mjs), with screenshots;
#   4. route B runs the in-process suite in the real extension host (test/e2e/route-b.mjs).
# Both routes run even when the first fails; artifacts (screenshots, results.json) go to
# .artifacts/e2e/. Needs about 1.3 GiB of memory while a route runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)
log() { echo "[e2e +$(( $(date +%s) - start ))s] $*"; }

log "setup (cached in ${BREAKWATER_E2E_CACHE:-$HOME/.cache/breakwater-e2e})"
bash test/e2e/setup.sh
# shellcheck disable=SC1091
source "${BREAKWATER_E2E_CACHE:-$HOME/.cache/breakwater-e2e}/env.sh"

log "package the extension"
npm run package -w extension
version=$(node -p "require('./extension/package.json').version")
export VSIX="$PWD/extension/breakwater-$version.vsix"
ls -l "$VSIX"

status=0
log "route A: the UI, as a person"
ARTIFACTS="$PWD/.artifacts/e2e/route-a" node test/e2e/route-a.mjs || status=1
log "route B: the in-process suite in the extension host"
ARTIFACTS="$PWD/.artifacts/e2e/route-b" node test/e2e/route-b.mjs || status=1
log "done: $([ $status = 0 ] && echo 'both routes passed' || echo 'FAILED (see above and .artifacts/e2e/)')"
exit $status
