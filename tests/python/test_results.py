"""A backtest from Python is the command line's backtest: the same files byte for byte, and
DataFrames with the CSV files' columns and values."""
import subprocess

import pandas as pd
import pytest

import robo_trader as rt
from conftest import SAMPLE_DAILY

SPEC = "sma_crossover:fast=10,slow=30"


def cli_backtest(robo_binary, out):
    subprocess.run([robo_binary, "backtest", "--data", str(SAMPLE_DAILY), "--strategy", SPEC, "--cash", "100000",
                    "--out", str(out), "--quiet"], check=True, capture_output=True)


def test_files_written_from_python_equal_the_command_lines(robo_binary, tmp_path):
    cli_backtest(robo_binary, tmp_path / "cli")
    rt.backtest(str(SAMPLE_DAILY), [SPEC], cash=100_000, out=str(tmp_path / "py"))
    for name in ("fills.csv", "trades.csv", "equity.csv"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name


def test_frames_have_the_csv_columns_and_values(robo_binary, tmp_path, sample_data):
    cli_backtest(robo_binary, tmp_path / "cli")
    result = rt.backtest(sample_data, [SPEC], cash=100_000)
    for name, times in (("fills", ["time"]), ("trades", ["opened", "closed"]), ("equity", ["time"])):
        csv = pd.read_csv(tmp_path / "cli" / f"{name}.csv")
        for column in times:
            csv[column] = pd.to_datetime(csv[column], utc=True)
        frame = getattr(result, name)
        assert list(frame.columns) == list(csv.columns), name
        pd.testing.assert_frame_equal(frame, csv, check_dtype=False, obj=name)


def test_metrics_orders_and_report(sample_data):
    result = rt.backtest(sample_data, [SPEC], cash=100_000)
    m = result.metrics
    for key in ("final_equity", "total_return", "cagr", "sharpe", "sortino", "max_drawdown", "trades",
                "win_rate", "profit_factor", "exposure"):
        assert key in m, key
    assert m["initial_equity"] == 100_000
    assert m["final_equity"] == result.equity["equity"].iloc[-1]
    assert m["trades"] == len(result.trades)
    orders = result.orders
    assert set(orders["status"]) <= {"filled", "cancelled", "rejected", "expired", "partially_filled", "acknowledged"}
    assert orders["filled"].sum() == result.fills["quantity"].sum()
    html = result.report_html()
    assert html.startswith("<!DOCTYPE html") or html.lstrip().lower().startswith("<!doctype html")
    assert "sma_crossover" in html
    assert result._repr_html_() == html


def test_the_same_data_serves_many_backtests_without_change(sample_data):
    bars = sample_data.bars
    first = rt.backtest(sample_data, [SPEC], cash=100_000)
    second = rt.backtest(sample_data, [SPEC], cash=100_000)
    assert sample_data.bars == bars
    pd.testing.assert_frame_equal(first.fills, second.fills)


def test_keywords_change_the_session(sample_data):
    base = rt.backtest(sample_data, [SPEC], cash=100_000)
    assert rt.backtest(sample_data, [SPEC], cash=50_000).metrics["initial_equity"] == 50_000
    costly = rt.backtest(sample_data, [SPEC], cash=100_000, slippage_bps=50)
    assert costly.metrics["final_equity"] != base.metrics["final_equity"]
    # A configuration option in lower case is --set KEY=VALUE.
    small = rt.backtest(sample_data, [SPEC], cash=100_000, risk_max_position_pct=0.01)
    assert small.fills["quantity"].max() < base.fills["quantity"].max()


def test_load_data_selects_symbols_and_days():
    data = rt.load_data(str(SAMPLE_DAILY), symbols=["AAPL", "MSFT"], start="2015-01-01", end="2016-12-31")
    assert data.symbols == ["AAPL", "MSFT"]
    result = rt.backtest(data, [rt.Strategy()], cash=100_000)
    times = result.equity["time"]
    assert times.min() >= pd.Timestamp("2015-01-01", tz="UTC")
    assert times.max() <= pd.Timestamp("2017-01-01", tz="UTC")


def test_sessions_on_one_data_in_threads_give_the_single_threaded_fills(sample_data):
    import threading
    from sma_crossover import SmaCrossover

    alone = rt.backtest(sample_data, [SmaCrossover(10, 30), SPEC], cash=100_000, combine="priority").fills
    results = [None] * 4

    def one(i):
        results[i] = rt.backtest(sample_data, [SmaCrossover(10, 30), SPEC], cash=100_000, combine="priority").fills

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(results))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for fills in results:
        pd.testing.assert_frame_equal(fills, alone)


def test_record_features_stores_the_runs_feature_values_in_its_database(robo_binary, tmp_path):
    import sqlite3
    db = tmp_path / "market.db"
    subprocess.run([robo_binary, "import", "--data", str(SAMPLE_DAILY / "AAPL.csv"), "--db", str(db)], check=True,
                   capture_output=True)
    rt.backtest(str(db), [SPEC], symbols=["AAPL"])
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM features").fetchone()[0] == 0
    rt.backtest(str(db), [SPEC], symbols=["AAPL"], record_features=True)
    with sqlite3.connect(db) as c:
        n, rsi = c.execute("SELECT count(*), max(name = 'rsi_14') FROM features WHERE symbol = 'AAPL'").fetchone()
    assert n > 1000 and rsi == 1
    # Asked without a database to record into: refused, not ignored.
    with pytest.raises(Exception, match="record"):
        rt.backtest(str(SAMPLE_DAILY), [SPEC], record_features=True)
