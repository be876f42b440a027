#!/usr/bin/env bash
# Installs the npm packages the conformance tests use (@stoqey/ib, an independent TWS API
# client) into a build-local folder: build/node by default, or the folder given as $1.
# Idempotent and quick when already installed; without node/npm it says so and exits 0
# (the conformance test then skips visibly).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$here/build/node}"
manifest="$here/tests/ibkr_conformance/package.json"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-node-deps: node/npm not found; the @stoqey/ib conformance test will be skipped"
  exit 0
fi
want=$(node -e 'console.log(require(process.argv[1]).dependencies["@stoqey/ib"])' "$manifest")
have=$(node -e 'try{console.log(require(process.argv[1]).version)}catch(e){}' \
  "$dest/node_modules/@stoqey/ib/package.json" 2>/dev/null || true)
if [[ "$have" == "$want" ]] && cmp -s "$manifest" "$dest/package.json"; then
  exit 0
fi
mkdir -p "$dest"
cp "$manifest" "$dest/package.json"
if (cd "$dest" && npm install --no-audit --no-fund --loglevel=error >/dev/null); then
  echo "install-node-deps: @stoqey/ib $want installed in $dest"
else
  echo "install-node-deps: npm install failed (offline?); the conformance test will be skipped" >&2
fi
