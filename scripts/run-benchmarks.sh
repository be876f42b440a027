#!/usr/bin/env bash
# Runs every benchmark program in BUILD/bench, printing the console table and keeping the
# JSON results in BUILD/bench/results/<name>.json.
set -euo pipefail
build=${1:-build}
out="$build/bench/results"
mkdir -p "$out"
shopt -s nullglob
status=0
for bin in "$build"/bench/bench_*; do
  [[ -x "$bin" && ! -d "$bin" ]] || continue
  name=$(basename "$bin")
  echo "== $name"
  "$bin" --benchmark_out="$out/$name.json" --benchmark_out_format=json ${BENCH_ARGS:-} || status=1
done
# The Python package's speed (bench/python): callback overhead, a Python strategy's bars/s,
# a built-in through Python against the command line.
if [[ -f "$build/python/robo_trader/__init__.py" ]]; then
  echo "== bench_python"
  PYTHONPATH="$build/python" /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/../bench/python/bench_python.py" \
    --build "$build" --out "$out/python.json" || status=1
fi
echo "JSON results in $out/"
exit $status
