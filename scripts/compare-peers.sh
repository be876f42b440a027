#!/usr/bin/env bash
# Runs the project's benchmarks beside the peer harnesses in ../shared/peers, in one run on
# one machine, and writes one JSON of ratios (BUILD/bench/results/peers.json) plus the same
# table as Markdown (peers.md) for docs/performance.md.
#
# Usage: scripts/compare-peers.sh [BUILD=build]      (make compare-peers)
# Environment: ROBO_SHARED_PEERS (default ../shared/peers), ROBO_SHARED_DATA (default
# ../shared/data), PEER_BARS (TA-Lib series length, 1000000), TALIB_REPS (50: best of as many
# repetitions as bench_features runs iterations, so neither side is favoured on a noisy machine),
# BACKTEST_RUNS (3).
#
# Pairs measured side by side (ratio = how many times faster this system is):
#   TA-Lib C (peers/talib)      batch RSI, MACD, BBANDS, ATR, OBV, SMA, EMA over the same
#                               1M-bar series            <-> bench_features BM_Batch1M_*
#   pandas (peers/pandas)       60-day correlation, 50 and 500 symbols: full matrix and per
#                               new bar                  <-> bench_risk BM_Correlation_*
#   @stoqey/ib (peers/stoqey)   tickPrice decoding, framed bytes and pre-split tokens
#                                                        <-> bench_ibkr BM_Decode_*
#   backtrader (peers/backtrader, when present): the backtest command over the daily symbols.
# The backtest command itself (whole process) and the kernel (bench_backtest) are measured
# every time; a peer that is absent or cannot run is listed under "skipped" with the reason.
# Peers are built and installed under BUILD/peers (the shared folder stays read-only).
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
[[ "$build" = /* ]] || build="$repo/$build"
peers="${ROBO_SHARED_PEERS:-$repo/../shared/peers}"
data="${ROBO_SHARED_DATA:-$repo/../shared/data}"
bars="${PEER_BARS:-1000000}"
out="$build/bench/results"
raw="$out/peers-raw"
mkdir -p "$raw"
rm -f "$raw"/*.json "$raw"/*.jsonl "$raw"/skipped.txt

if [[ ! -d "$peers" ]]; then
  echo "compare-peers: skipped: no peers folder at $peers (set ROBO_SHARED_PEERS)"
  exit 0
fi
peers="$(cd "$peers" && pwd)"
skip() {  # skip NAME REASON
  echo "compare-peers: skipping $1: $2" >&2
  printf '%s\t%s\n' "$1" "$2" >>"$raw/skipped.txt"
}

echo "== building the benchmark programs"
cmake --build "$build" -j "${JOBS:-2}" --target robo_trader bench_features bench_risk bench_ibkr bench_backtest \
  >"$raw/build.log" 2>&1 || { echo "compare-peers: build failed, see $raw/build.log" >&2; exit 1; }

gbench() {  # gbench PROGRAM FILTER NAME
  "$build/bench/$1" --benchmark_filter="$2" --benchmark_out="$raw/$3.json" --benchmark_out_format=json \
    >/dev/null 2>"$raw/$3.err" || skip "$3" "$1 failed (see $raw/$3.err)"
}

# ---- TA-Lib C -----------------------------------------------------------------------------
echo "== TA-Lib C beside bench_features (batch indicators, $bars bars)"
talib_dir="$build/peers/talib"
if [[ ! -f "$peers/talib/build_talib_bench.sh" ]]; then
  skip talib "no $peers/talib/build_talib_bench.sh"
elif ! command -v npm >/dev/null; then
  skip talib "npm not installed (needed to build TA-Lib C from npm talib 1.1.6)"
else
  [[ -x "$talib_dir/talib_bench" ]] ||
    bash "$peers/talib/build_talib_bench.sh" "$talib_dir" >"$raw/talib-build.log" 2>&1 ||
    skip talib "build failed (see $raw/talib-build.log)"
  [[ -x "$talib_dir/talib_bench" ]] && "$talib_dir/talib_bench" "$bars" "${TALIB_REPS:-50}" >"$raw/talib.json"
fi
gbench bench_features 'BM_Batch1M_(RSI14|MACD12_26_9|BBANDS20_2|ATR14|OBV|SMA20|EMA20)$' features

# ---- pandas --------------------------------------------------------------------------------
echo "== pandas beside bench_risk (correlation, 50 and 500 symbols)"
if [[ ! -f "$peers/pandas/pandas_corr.py" ]]; then
  skip pandas "no $peers/pandas/pandas_corr.py"
elif ! /usr/bin/python3 -c 'import pandas, numpy' 2>/dev/null; then
  skip pandas "/usr/bin/python3 lacks pandas/numpy (apt-get install python3-pandas python3-numpy)"
elif [[ ! -d "$data/daily" ]]; then
  skip pandas "no daily data at $data/daily"
else
  /usr/bin/python3 "$peers/pandas/pandas_corr.py" --k 50 --big-k 500 --data "$data/daily" >"$raw/pandas.json" ||
    skip pandas "pandas_corr.py failed"
fi
gbench bench_risk 'BM_Correlation_(Full|Incremental)/' correlation

# ---- @stoqey/ib ----------------------------------------------------------------------------
echo "== @stoqey/ib beside bench_ibkr (tickPrice decoding)"
stoqey_dir="$build/peers/stoqey"
if [[ ! -f "$peers/stoqey/stoqey_decode_bench.js" ]]; then
  skip stoqey "no $peers/stoqey/stoqey_decode_bench.js"
elif ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  skip stoqey "node/npm not installed"
else
  mkdir -p "$stoqey_dir"
  cp "$peers/stoqey/package.json" "$peers/stoqey/stoqey_decode_bench.js" "$stoqey_dir/"
  [[ -d "$stoqey_dir/node_modules/@stoqey/ib" ]] ||
    (cd "$stoqey_dir" && npm install --no-audit --no-fund >"$raw/stoqey-install.log" 2>&1) ||
    skip stoqey "npm install failed (see $raw/stoqey-install.log)"
  [[ -d "$stoqey_dir/node_modules/@stoqey/ib" ]] &&
    node "$stoqey_dir/stoqey_decode_bench.js" --n 1000000 --reps 3 --modes bytes,tokens >"$raw/stoqey.json"
fi
gbench bench_ibkr 'BM_Decode_(TickPriceStream|PreSplitPayloads)/' decode

# ---- the backtest command, whole process, and the kernel ----------------------------------
echo "== the backtest command over $data/daily (sma_crossover), and bench_backtest"
# Eleven runs (BACKTEST_RUNS): on a shared virtual machine three runs' median moved by 10 %
# between two runs of this script minutes apart.
if [[ -d "$data/daily" ]]; then
  for ((i = 1; i <= ${BACKTEST_RUNS:-11}; ++i)); do
    start=$(date +%s%N)
    "$build/robo_trader" backtest --data "$data/daily" --strategy sma_crossover --no-record --quiet \
      --out "$raw/backtest-out" >"$raw/backtest.txt" 2>&1 || { skip backtest "robo_trader backtest failed"; break; }
    end=$(date +%s%N)
    events=$(grep -o 'stopped after [0-9,]* events' "$raw/backtest.txt" | tr -dc 0-9)
    echo "{\"run\":$i,\"nanoseconds\":$((end - start)),\"events\":${events:-0}}" >>"$raw/backtest.jsonl"
  done
  if [[ -f "$peers/backtrader/backtrader_bench.py" ]]; then
    /usr/bin/python3 "$peers/backtrader/backtrader_bench.py" --data "$data/daily" >"$raw/backtrader.json" ||
      skip backtrader "backtrader_bench.py failed"
  else
    skip backtrader "no backtrader harness in $peers (issue 21 measured backtrader at 10.6k bars/s, 7.1 s)"
  fi
else
  skip backtest "no daily data at $data/daily"
fi
gbench bench_backtest 'BM_Backtest_Daily60Symbols_SmaCrossover$' kernel

# ---- one JSON of ratios --------------------------------------------------------------------
/usr/bin/python3 - "$raw" "$out" "$repo" "$bars" <<'PY'
import datetime, json, os, platform, statistics, subprocess, sys

raw, out, repo, bars = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def load(name):
    path = os.path.join(raw, name)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    with open(path) as f:
        return json.load(f)

def gbench(name):
    doc = load(name + ".json")
    return {b["name"]: b for b in doc["benchmarks"]} if doc else {}

def to_ms(b):
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
    return b["real_time"] * scale

rows, skipped = [], []
if os.path.exists(os.path.join(raw, "skipped.txt")):
    for line in open(os.path.join(raw, "skipped.txt")):
        what, why = line.rstrip("\n").split("\t", 1)
        skipped.append({"peer": what, "reason": why})

def add(group, what, unit, ours, peer, peer_name, higher_is_better, note=""):
    if ours is None or peer is None or ours <= 0 or peer <= 0:
        return
    ratio = ours / peer if higher_is_better else peer / ours
    rows.append({"group": group, "what": what, "unit": unit, "ours": ours, "peer": peer,
                 "peer_name": peer_name, "higher_is_better": higher_is_better,
                 "times_faster": round(ratio, 3), "note": note})

# TA-Lib: Mbars/s from the best repetition on both sides.
talib, feats = load("talib.json"), gbench("features")
pairs = [("RSI(14)", "BM_Batch1M_RSI14"), ("MACD(12,26,9)", "BM_Batch1M_MACD12_26_9"),
         ("BBANDS(20,2,2,SMA)", "BM_Batch1M_BBANDS20_2"), ("ATR(14)", "BM_Batch1M_ATR14"),
         ("OBV", "BM_Batch1M_OBV"), ("SMA(20)", "BM_Batch1M_SMA20"), ("EMA(20)", "BM_Batch1M_EMA20")]
for peer_key, ours_key in pairs:
    if talib and ours_key in feats:
        p, o = talib["indicators"][peer_key], feats[ours_key]
        same = abs(o["last"] - p["last"]) <= 1e-9 * max(1.0, abs(p["last"]))
        add("indicators", f"{peer_key} batch, {bars:,} bars", "Mbars/s", o["best_mbars_per_s"],
            p["mbars_per_s"], "TA-Lib C " + talib.get("talib_version", "").split(" (")[0], True,
            "last value equal" if same else f"LAST VALUE DIFFERS: {o['last']} vs {p['last']}")

# pandas: milliseconds (lower is better).
pandas, corr = load("pandas.json"), gbench("correlation")
if pandas:
    for r in pandas["results"]:
        k = r["k"]
        full, inc = corr.get(f"BM_Correlation_Full/{k}"), corr.get(f"BM_Correlation_Incremental/{k}")
        if full:
            add("correlation", f"{k} symbols, full 60-day matrix", "ms", to_ms(full), r["full_best_ms"],
                "pandas " + pandas.get("pandas", ""), False)
        if inc:
            add("correlation", f"{k} symbols, per new bar", "ms", to_ms(inc), r["per_bar_avg_ms"],
                "pandas " + pandas.get("pandas", ""), False, "incremental update vs recomputation")

# @stoqey/ib: messages per second.
stoqey, dec = load("stoqey.json"), gbench("decode")
if stoqey:
    for mode, key in [("bytes", "BM_Decode_TickPriceStream/real_time"),
                      ("tokens", "BM_Decode_PreSplitPayloads/real_time")]:
        if mode in stoqey["modes"] and key in dec:
            add("decoding", f"tickPrice, {mode}", "msgs/s", dec[key]["items_per_second"],
                stoqey["modes"][mode]["best_msgs_per_s"], stoqey.get("package", "@stoqey/ib"), True)

# The backtest command (whole process) and the kernel.
runs_path = os.path.join(raw, "backtest.jsonl")
backtest = None
if os.path.exists(runs_path):
    runs = [json.loads(l) for l in open(runs_path) if l.strip()]
    if runs:
        secs = statistics.median(r["nanoseconds"] for r in runs) / 1e9
        backtest = {"median_seconds": secs, "events": runs[0]["events"],
                    "bars_per_s": runs[0]["events"] / secs, "runs": runs}
kernel = gbench("kernel").get("BM_Backtest_Daily60Symbols_SmaCrossover")
bt = load("backtrader.json")
if backtest and bt and bt.get("bars_per_s"):
    add("backtest", "backtest command, daily symbols, sma_crossover", "bars/s", backtest["bars_per_s"],
        bt["bars_per_s"], "backtrader", True)

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=repo).stdout.strip()
    except OSError:
        return ""

cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
doc = {
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "commit": sh("git rev-parse --short HEAD"),
    "machine": {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
                "compiler": sh("c++ --version | head -1"), "node": sh("node --version"),
                "python": platform.python_version()},
    "ratio": "times_faster = ours / peer for rates, peer / ours for times (above 1: this system is faster)",
    "comparisons": rows,
    "backtest_command": backtest,
    "kernel_bars_per_s": kernel["bars/s"] if kernel else None,
    "skipped": skipped,
}
with open(os.path.join(out, "peers.json"), "w") as f:
    json.dump(doc, f, indent=2)

def fmt(x):
    return f"{x:,.4g}" if x < 1000 else f"{x:,.0f}"
lines = [f"Measured {doc['date']} on {cpu} ({os.cpu_count()} cores), commit {doc['commit']}.", "",
         "| group | what | unit | robo_trader | peer | peer value | times faster |",
         "|---|---|---|---|---|---|---|"]
for r in rows:
    lines.append(f"| {r['group']} | {r['what']} | {r['unit']} | {fmt(r['ours'])} | {r['peer_name']} | "
                 f"{fmt(r['peer'])} | **{r['times_faster']:.2f}x** |")
if backtest:
    lines += ["", f"Backtest command, whole process: {backtest['events']:,} bars in "
              f"{backtest['median_seconds']:.3f} s (median of {len(backtest['runs'])}): "
              f"{backtest['bars_per_s']:,.0f} bars/s."]
if kernel:
    lines.append(f"Kernel (bench_backtest, daily 60 symbols): {kernel['bars/s']:,.0f} bars/s.")
for s in skipped:
    lines.append(f"Skipped {s['peer']}: {s['reason']}.")
text = "\n".join(lines) + "\n"
with open(os.path.join(out, "peers.md"), "w") as f:
    f.write(text)
print(text)
print(f"JSON: {os.path.join(out, 'peers.json')}")
PY
