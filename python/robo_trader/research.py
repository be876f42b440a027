"""Parameter sweeps from Python: on this machine's cores, or spread over a Dask cluster.

    import robo_trader as rt
    result = rt.sweep("data/sample/daily", strategy="sma_crossover",
                      grid={"fast": [5, 10, 15, 20], "slow": [30, 45, 60]})
    result.rows        # pandas DataFrame: the rows of `robo_trader sweep`'s results.csv
    result.summary     # dict: summary.json's objective, best run, counts, deflated_sharpe, pbo

    from distributed import Client
    result = rt.sweep("/shared/data/daily", grid={...}, client=Client("tcp://scheduler:8786"))

Every run is the `backtest` of its parameters (the same session builder, gate, sizing and
costs); the keyword arguments are `rt.backtest`'s (start, end, symbols, cash, commission, ...)
and apply to every run. With a client, the runs go to the cluster's workers in batches; each
worker process reads the data once (from `data_path`, which every worker must be able to
read) and keeps it for the following batches of the same sweep. The rows and the summary are
the same as the local sweep's, whatever the number of workers (docs/research.md).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from . import _core

__all__ = ["SweepResult", "grid_text", "sweep"]


@dataclass
class SweepResult:
    rows: pd.DataFrame  # one row per run, in run-id order
    summary: dict       # as summary.json


def _value_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def grid_text(strategy: str, grid: dict | None) -> str:
    """The command line's spelling of a grid: {"fast": [5, 10]} -> "name:fast=5|10".
    A string value is taken as written ("5..20:5")."""
    if not grid:
        return strategy
    parts = []
    for name, values in grid.items():
        if isinstance(values, str):
            text = values
        elif isinstance(values, (list, tuple, range)):
            if len(values) == 0:
                raise ValueError(f"grid[{name!r}] is empty")
            text = "|".join(_value_text(v) for v in values)
        else:
            text = _value_text(values)
        parts.append(f"{name}={text}")
    return strategy + ":" + ",".join(parts)


# Keywords of rt.backtest that have no meaning for a sweep's runs (one strategy each, no files).
_REFUSED = {"combine": "each run is one strategy", "out": "a sweep's runs write no files"}


def _spec(data_path, strategy, grid, objective, search, budget, seed, jobs, partitions, env_file, config,
          symbols, start, end, options) -> str:
    from .session import _SESSION_KEYWORDS, _day, _overrides, _path, _symbols
    for key, why in _REFUSED.items():
        if key in options:
            raise TypeError(f"rt.sweep: {key}= does not apply ({why})")
    fields = {k: options.pop(k) for k in _SESSION_KEYWORDS if k in options}
    fields.update({"data": _path(data_path, "data_path"), "symbols": _symbols(symbols),
                   "from": _day(start, "start"), "to": _day(end, "end")})
    spec = {"fields": fields, "env_file": _path(env_file, "env_file"), "config": _path(config, "config"),
            "overrides": _overrides(options, "sweep"), "grids": [grid_text(strategy, grid)],
            "objective": objective, "search": search, "budget": int(budget), "seed": int(seed),
            "jobs": int(jobs), "partitions": int(partitions)}
    return json.dumps(spec, sort_keys=True)


def _run_batch(spec: str, ids: list) -> list:
    """On a worker: these runs of the sweep, as exact JSON records (run_record.hpp)."""
    from robo_trader import _core as core  # imported in the worker's process
    return core._sweep_run(spec, list(ids))


def _result(answer: tuple) -> SweepResult:
    rows_text, columns, summary_text = answer
    return SweepResult(pd.DataFrame(json.loads(rows_text), columns=columns), json.loads(summary_text))


def sweep(data_path, strategy: str = "sma_crossover", grid: dict | None = None, client=None, *,
          objective: str = "sharpe", search: str = "grid", budget: int = 0, seed: int = 0, jobs: int = 0,
          partitions: int = 16, batch_size: int | None = None, env_file=None, config=None, symbols=None,
          start=None, end=None, **options) -> SweepResult:
    """Runs every combination of `grid` (lists of values, or "start..end:step" strings) as a
    backtest of `strategy` on the files at `data_path`; with `client` (a distributed.Client)
    on the cluster. objective: sharpe, sortino, cagr, calmar, total_return or profit_factor;
    search="random" draws `budget` combinations with `seed`; partitions: PBO's blocks.
    jobs: threads on this machine (0: every core). batch_size: runs per Dask task (default:
    about four tasks per worker thread). Other keywords are rt.backtest's."""
    spec = _spec(data_path, strategy, grid, objective, search, budget, seed, jobs, partitions, env_file, config,
                 symbols, start, end, dict(options))
    if client is None:
        return _result(_core._sweep_local(spec))
    ids = _core._sweep_plan(spec)
    if batch_size is None:
        threads = max(1, sum(client.nthreads().values()))
        batch_size = max(1, -(-len(ids) // (4 * threads)))
    batches = [ids[i:i + batch_size] for i in range(0, len(ids), batch_size)]
    futures = client.map(_run_batch, [spec] * len(batches), batches, pure=False)
    records = [record for part in client.gather(futures) for record in part]
    return _result(_core._sweep_summarize(spec, records))
