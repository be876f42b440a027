"""How fast is the Python package? Three answers, printed and kept as JSON (never a test):

  1. the overhead of one Python callback (ns): the same session with a Python strategy whose
     on_bar does nothing, minus the session without it, per bar;
  2. bars/s of the SMA crossover written in Python (examples/python/sma_crossover.py) over
     the 60 shared daily symbols (backtrader: about 10-12k bars/s; goal: 100k);
  3. the built-in sma_crossover through rt.backtest against the same backtest from the
     command line (goal: within 5 %).

    PYTHONPATH=build/python /usr/bin/python3 bench/python/bench_python.py [--build build] [--repeat 5]

Each figure is the best of --repeat runs (the least disturbed by other work on the machine).
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "python"))

import robo_trader as rt  # noqa: E402
from sma_crossover import SmaCrossover  # noqa: E402

SPEC = "sma_crossover:fast=10,slow=30"


class Nothing(rt.Strategy):
    """An on_bar that returns at once: what remains is the cost of calling it."""

    def on_bar(self, ctx, bar):
        pass


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def engine_seconds(fn, repeat):
    """Best engine wall time (result.summary wall_seconds) of repeated sessions."""
    runs = [fn() for _ in range(repeat)]
    return min(r.summary["wall_seconds"] for r in runs), runs[-1]


def cli_run(binary, data, out):
    """One command-line backtest: (process seconds, engine seconds from '... events in X s')."""
    start = time.perf_counter()
    proc = subprocess.run([binary, "backtest", "--data", str(data), "--strategy", SPEC, "--cash", "100000",
                           "--out", out, "--quiet"], check=True, capture_output=True, text=True, cwd=out)
    wall = time.perf_counter() - start
    return wall, float(re.search(r"events in ([0-9.]+) s", proc.stdout).group(1))


def python_run(data_dir, out):
    """The same backtest through rt.backtest, loading the same folder and writing the same files."""
    start = time.perf_counter()
    result = rt.backtest(str(data_dir), [SPEC], cash=100_000, out=out)
    return time.perf_counter() - start, result.summary["wall_seconds"], result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", default=os.environ.get("ROBO_SHARED_DATA", str(ROOT.parent / "shared" / "data")) + "/daily")
    parser.add_argument("--out", default=None, help="JSON results (default BUILD/bench/results/python.json)")
    args = parser.parse_args()
    data_dir = pathlib.Path(args.data)
    if not data_dir.is_dir():
        data_dir = ROOT / "data" / "sample" / "daily"
        print(f"bench_python: shared daily data not found; measuring on {data_dir}")
    os.chdir(tempfile.mkdtemp())  # no stray .env or config.toml
    data = rt.load_data(str(data_dir))
    bars = data.bars
    results = {"data": str(data_dir), "symbols": len(data.symbols), "bars": bars, "repeat": args.repeat}

    # 1. ns per Python callback.
    base_engine, _ = engine_seconds(lambda: rt.backtest(data, [rt.Strategy()], cash=100_000), args.repeat)
    empty_engine, _ = engine_seconds(lambda: rt.backtest(data, [Nothing()], cash=100_000), args.repeat)
    results["callback_ns"] = (empty_engine - base_engine) / bars * 1e9
    results["session_without_python_s"] = base_engine

    # 2. The SMA crossover in Python.
    py_engine, py_result = engine_seconds(lambda: rt.backtest(data, [SmaCrossover(10, 30)], cash=100_000), args.repeat)
    py_total, _ = best(lambda: rt.backtest(data, [SmaCrossover(10, 30)], cash=100_000), args.repeat)
    results["python_sma_bars_per_s"] = bars / py_engine
    results["python_sma_bars_per_s_with_setup"] = bars / py_total
    results["python_sma_trades"] = py_result.metrics["trades"]

    # 3. The built-in through Python against the command line, doing the same work (load the
    #    folder; files, audit trail and log written): engine time, and the whole call against
    #    the whole process. Runs alternate so that both see the same load on the machine.
    binary = pathlib.Path(args.build) / "robo_trader"
    cli, python = [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.repeat):
            cli.append(cli_run(binary, data_dir, out))
            python.append(python_run(data_dir, out))
    cli_wall, cli_engine = min(c[0] for c in cli), min(c[1] for c in cli)
    py_wall, py_engine = min(p[0] for p in python), min(p[1] for p in python)
    memory_engine, _ = engine_seconds(lambda: rt.backtest(data, [SPEC], cash=100_000), args.repeat)
    results.update({
        "builtin_sma_python_engine_s": py_engine,
        "builtin_sma_cli_engine_s": cli_engine,
        "builtin_sma_python_vs_cli_engine": py_engine / cli_engine,
        "builtin_sma_python_call_s": py_wall,
        "builtin_sma_cli_process_s": cli_wall,
        "builtin_sma_python_vs_cli_whole": py_wall / cli_wall,
        "builtin_sma_python_in_memory_engine_s": memory_engine,
        "builtin_sma_trades": python[-1][2].metrics["trades"],
    })

    print(f"bench_python on {results['symbols']} symbols, {bars} bars ({data_dir}), best of {args.repeat}:")
    print(f"  one Python callback                 {results['callback_ns']:10.0f} ns")
    print(f"  SMA crossover in Python             {results['python_sma_bars_per_s']:10.0f} bars/s "
          f"(whole call, plan and result included: {results['python_sma_bars_per_s_with_setup']:.0f})")
    print(f"  built-in SMA, engine: Python / CLI  {py_engine * 1e3:8.1f} ms / {cli_engine * 1e3:.1f} ms "
          f"= {results['builtin_sma_python_vs_cli_engine']:.3f} (in memory, no files: {memory_engine * 1e3:.1f} ms)")
    print(f"  built-in SMA, whole call / process  {py_wall * 1e3:8.1f} ms / {cli_wall * 1e3:.1f} ms "
          f"= {results['builtin_sma_python_vs_cli_whole']:.3f}")
    out = pathlib.Path(args.out or pathlib.Path(args.build) / "bench" / "results" / "python.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"  JSON in {out}")


if __name__ == "__main__":
    main()
