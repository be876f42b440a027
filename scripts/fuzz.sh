#!/usr/bin/env bash
# Builds the TWS decoder's libFuzzer target with clang (ASan + UBSan) and runs it for
# FUZZ_SECONDS (default 60) on a corpus kept in build-fuzz/corpus (grown run after run).
# A crash leaves its input in build-fuzz/ and fails with the fuzzer's report.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
out=${FUZZ_BUILD:-build-fuzz}
mkdir -p "$out/corpus"
command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (make deps installs clang)" >&2; exit 1; }
# Only what the decoder is made of: the wire codec and the decimal types it parses into.
clang++ -std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -Wall -Wextra -Werror -include utility -Isrc \
  fuzz/ibkr_decoder_fuzz.cpp src/robo/ibkr/fuzz.cpp src/robo/ibkr/codec.cpp src/robo/ibkr/wire.cpp \
  src/robo/core/decimal.cpp -o "$out/ibkr_decoder_fuzz"
echo "fuzz: running the TWS decoder for ${seconds} s"
status=0
"$out/ibkr_decoder_fuzz" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/" \
  "$out/corpus" >"$out/fuzz.log" 2>&1 || status=$?
grep -E "^(Done|stat::|SUMMARY|artifact_prefix|Test unit written)" "$out/fuzz.log" || true
if ((status != 0)); then
  tail -40 "$out/fuzz.log" >&2
  echo "fuzz: the decoder failed (exit $status); the input is saved in $out/ (full log: $out/fuzz.log)" >&2
  exit 1
fi
echo "fuzz: no crash"
