"""The examples in examples/python run as documented (docs/python.md) and do what they say."""
import os
import subprocess
import sys

import pytest

import robo_trader as rt
from conftest import EXAMPLES, SAMPLE_DAILY, SOURCE_DIR


@pytest.mark.parametrize("script", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_each_example_runs_as_a_script(script):
    proc = subprocess.run([sys.executable, str(EXAMPLES / script), str(SAMPLE_DAILY)], capture_output=True,
                          text=True, cwd=SOURCE_DIR, env=dict(os.environ), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "<robo_trader.Result stopped" in proc.stdout


def test_the_breakout_enters_with_stops_and_reports_each_quarter():
    from breakout_history import Breakout
    strategy = Breakout()
    result = rt.backtest(rt.load_data(str(SAMPLE_DAILY), symbols=["AAPL", "MSFT", "XOM"]), [strategy], cash=100_000)
    assert len(result.fills) > 0
    assert result.orders["protective_stop"].notna().any()  # entries carry the breakout's stop
    days = [day for day, _ in strategy.reports]
    assert len(days) >= 4 and all((b - a).days >= 91 for a, b in zip(days, days[1:]))
