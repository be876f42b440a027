"""A sweep spread over a Dask cluster gives the rows and summary of the local sweep.

The cluster is real: a dask-scheduler and two dask-workers started here on 127.0.0.1, on
ports the system picks (the scheduler's address read from its scheduler file), each worker
with PYTHONPATH pointing at this build's package. They are stopped whatever happens.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import robo_trader as rt

distributed = pytest.importorskip("distributed")

SAMPLE = Path(os.environ.get("ROBO_SOURCE_DIR", Path(__file__).resolve().parents[2])) / "data" / "sample" / "daily"
GRID = {"fast": [5, 10, 15, 20], "slow": [30, 45, 60]}
OPTIONS = {"symbols": ["AAPL", "MSFT", "JPM"], "start": "2016-01-04"}


def _start(args, env, log):
    return subprocess.Popen([sys.executable, "-m", *args], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _wait_for(predicate, what, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise RuntimeError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def cluster():
    tmp = tempfile.TemporaryDirectory(prefix="robo_dask_")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", DASK_DISTRIBUTED__WORKER__DAEMON="False")
    scheduler_file = Path(tmp.name) / "scheduler.json"
    log = open(Path(tmp.name) / "cluster.log", "w")
    procs = []
    try:
        procs.append(_start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                             "--no-dashboard", "--scheduler-file", str(scheduler_file)], env, log))
        _wait_for(lambda: scheduler_file.exists() and scheduler_file.stat().st_size > 0, "the scheduler")
        for _ in range(2):
            procs.append(_start(["distributed.cli.dask_worker", "--scheduler-file", str(scheduler_file),
                                 "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                                 "--local-directory", tmp.name], env, log))
        address = json.loads(scheduler_file.read_text())["address"]
        client = distributed.Client(address, timeout=60)
        client.wait_for_workers(2, timeout=60)
        yield client
        client.close()
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        log.close()
        tmp.cleanup()


def test_a_sweep_on_two_dask_workers_equals_the_local_sweep(cluster):
    local = rt.sweep(SAMPLE, strategy="sma_crossover", grid=GRID, jobs=1, **OPTIONS)
    remote = rt.sweep(SAMPLE, strategy="sma_crossover", grid=GRID, client=cluster, batch_size=2, **OPTIONS)
    assert len(local.rows) == 12
    assert (local.rows["status"] == "ok").all()
    assert local.rows.equals(remote.rows)
    assert local.summary == remote.summary
    # The work really was spread: both worker processes read the data and hold the sweep.
    held = cluster.run(lambda: __import__("robo_trader")._core._sweep_held())
    assert sorted(held.values()) == [12, 12]


def test_the_local_sweep_equals_the_command_line(tmp_path):
    binary = os.environ.get("ROBO_BINARY")
    if not binary:
        pytest.skip("ROBO_BINARY not set (run through ctest)")
    local = rt.sweep(SAMPLE, strategy="sma_crossover", grid=GRID, **OPTIONS)
    subprocess.run([binary, "sweep", "--data", str(SAMPLE), "--strategy",
                    rt.grid_text("sma_crossover", GRID), "--symbols", "AAPL,MSFT,JPM", "--from", "2016-01-04",
                    "--keep", "0", "--quiet", "--out", str(tmp_path)], check=True, capture_output=True)
    import pandas as pd
    csv = pd.read_csv(tmp_path / "results.csv", dtype={"fast": str, "slow": str, "reason": str},
                      keep_default_na=False, float_precision="round_trip")
    assert list(csv["run_id"]) == list(local.rows["run_id"])
    for column in ["total_return", "cagr", "sharpe", "sortino", "max_drawdown", "calmar", "win_rate", "exposure"]:
        assert list(csv[column].astype(float)) == list(local.rows[column]), column
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["deflated_sharpe"] == local.summary["deflated_sharpe"]
    assert summary["pbo"] == local.summary["pbo"]
    assert summary["best"] == local.summary["best"]
