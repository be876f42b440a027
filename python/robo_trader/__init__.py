"""robo_trader: backtests, replays and paper sessions of the robo_trader engine from Python.

    import robo_trader as rt
    data = rt.load_data("data/sample/daily")
    result = rt.backtest(data, ["sma_crossover:fast=10,slow=30"], cash=100_000)

Build with `make` (or `cmake --build build`), then import with
``PYTHONPATH=build/python /usr/bin/python3``. See docs/python.md.
"""
from ._core import __version__, Bar, Context, Data, Fill
from .session import Result, StrategyError, backtest, load_data, run
from .strategy import Strategy

__all__ = ["__version__", "Bar", "Context", "Data", "Fill", "Result", "Strategy", "StrategyError",
           "backtest", "load_data", "run"]
