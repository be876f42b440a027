#!/usr/bin/env bash
# Builds the dashboard's static files into OUT (default build/web-ui) from web/ui with npm
# packages from the npm registry. Idempotent: npm runs only when package.json or the lock
# changed, the bundle only when a source changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/web-ui}
ui=$root/web/ui
if ! command -v npm >/dev/null 2>&1; then
  echo "build-ui: npm is not installed; the dashboard needs Node.js 20+ and npm (apt-get install nodejs npm)" >&2
  exit 1
fi
stamp=$ui/node_modules/.robo-installed
if [[ ! -f $stamp || $ui/package.json -nt $stamp || ( -f $ui/package-lock.json && $ui/package-lock.json -nt $stamp ) ]]; then
  echo "build-ui: installing front-end packages (npm)"
  (cd "$ui" && npm install --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi
if [[ -f $out/app.js ]] && [[ -z $(find "$ui/src" "$ui/build.mjs" -newer "$out/app.js" -print -quit) ]]; then
  exit 0
fi
node "$ui/build.mjs" "$out"
