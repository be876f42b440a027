"""robo_trader: backtests, replays and paper sessions of the robo_trader engine from Python.

Build it with `make` (or `cmake --build build`), then make it importable with
``PYTHONPATH=build/python /usr/bin/python3``. See docs/python.md.
"""
from ._core import __version__

__all__ = ["__version__"]
