"""Ctrl-C stops a session started from Python: inside a Python callback, and while only
the engine runs (no Python strategy), within one progress tick."""
import os
import signal
import threading

import pytest

import robo_trader as rt

SPEC = "sma_crossover:fast=10,slow=30"


def test_ctrl_c_during_a_python_callback_stops_the_session(sample_data):
    class PressesCtrlC(rt.Strategy):
        def __init__(self):
            self.bars = 0

        def on_bar(self, ctx, bar):
            self.bars += 1
            if self.bars == 100:
                signal.raise_signal(signal.SIGINT)

    s = PressesCtrlC()
    with pytest.raises(KeyboardInterrupt) as caught:
        rt.backtest(sample_data, [s], cash=100_000)
    assert "interrupted" in caught.value.result.stop_reason
    assert s.bars == 100  # no Python call after the interruption
    assert caught.value.result.summary["state"] == "stopped"


def test_ctrl_c_while_only_the_engine_runs_stops_the_session(sample_data):
    # A replay paced to last minutes; Ctrl-C arrives once it runs (on_start says so) while
    # the engine holds no GIL and calls no Python.
    started = threading.Event()

    class SaysStarted(rt.Strategy):
        def on_start(self, ctx):
            started.set()

    def press():
        started.wait()
        os.kill(os.getpid(), signal.SIGINT)

    presser = threading.Thread(target=press)
    presser.start()
    with pytest.raises(KeyboardInterrupt) as caught:
        rt.run(sample_data, [SaysStarted(), SPEC], speed=86_400 * 5)  # 5 days a second: ~17 minutes
    presser.join()
    result = caught.value.result
    assert "interrupted" in result.stop_reason
    assert result.summary["events"] < sample_data.events


def test_python_still_handles_ctrl_c_after_a_session(sample_data):
    rt.backtest(sample_data, [SPEC], cash=100_000)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with pytest.raises(KeyboardInterrupt):
        signal.raise_signal(signal.SIGINT)
