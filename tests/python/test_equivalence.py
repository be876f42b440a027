"""A Python strategy that re-implements sma_crossover's rules gives the built-in's fills."""
import pandas as pd

import robo_trader as rt
from sma_crossover import SmaCrossover

# client_id and exec_id name the strategy that placed the order; everything else must match.
SAME = ["time", "symbol", "side", "quantity", "price", "commission"]


def fills_of(result):
    return result.fills[SAME].reset_index(drop=True)


def assert_same_fills(data):
    builtin = rt.backtest(data, ["sma_crossover:fast=10,slow=30"], cash=100_000)
    python = rt.backtest(data, [SmaCrossover(10, 30)], cash=100_000)
    assert len(builtin.fills) > 0
    pd.testing.assert_frame_equal(fills_of(python), fills_of(builtin))
    assert python.metrics["final_equity"] == builtin.metrics["final_equity"]
    return builtin


def test_python_sma_crossover_fills_like_the_builtin_on_the_sample(sample_data):
    assert_same_fills(sample_data)


def test_python_sma_crossover_fills_like_the_builtin_on_the_60_shared_daily_symbols(shared_daily):
    assert len(shared_daily.symbols) >= 60
    builtin = assert_same_fills(shared_daily)
    assert builtin.metrics["trades"] > 100


def test_a_different_rule_gives_different_fills(sample_data):
    # The comparison above can fail: a strategy that differs in one parameter is caught.
    builtin = rt.backtest(sample_data, ["sma_crossover:fast=10,slow=30"], cash=100_000)
    other = rt.backtest(sample_data, [SmaCrossover(10, 31)], cash=100_000)
    assert not fills_of(other).equals(fills_of(builtin))
