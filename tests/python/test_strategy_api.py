"""What a Python strategy sees and can do: its callbacks in order, bars, fills, timers,
positions, money, time and recent bars."""
import datetime as dt
import gc
import weakref

import pandas as pd

import robo_trader as rt

SPEC = "sma_crossover:fast=10,slow=30"


class Recorder(rt.Strategy):
    name = "recorder"
    history_bars = 20

    def __init__(self):
        self.calls = []
        self.bars = 0
        self.fills = []
        self.timers = []
        self.checks = []

    def on_start(self, ctx):
        self.calls.append("start")
        self.timer = ctx.schedule(86_400 * 10)
        self.start_equity = ctx.equity
        self.start_cash = ctx.cash

    def on_bar(self, ctx, bar):
        self.bars += 1
        assert isinstance(bar.symbol, str) and isinstance(bar.close, float)
        assert bar.time.tzinfo is not None and bar.time.utcoffset() == dt.timedelta(0)
        assert bar.low <= bar.close <= bar.high and bar.volume >= 0
        assert ctx.now >= bar.time
        if self.bars == 50:
            self.frame = ctx.history(bar.symbol, 5)
            self.long_frame = ctx.history(bar.symbol, 1000)
            self.last_bar = bar
        # Buys AAPL early and keeps it, to see positions and fills.
        if bar.symbol == "AAPL":
            ctx.signal("AAPL", "long")
            self.checks.append(ctx.position("AAPL"))

    def on_fill(self, ctx, fill):
        self.fills.append((fill.symbol, fill.side, fill.quantity, fill.price))

    def on_timer(self, ctx, timer_id):
        self.timers.append((timer_id, ctx.now))

    def on_stop(self, ctx):
        self.calls.append("stop")
        self.end_equity = ctx.equity


def test_callbacks_bars_fills_timers_and_money(sample_data):
    r = Recorder()
    result = rt.backtest(sample_data, [r], cash=100_000)
    assert r.calls == ["start", "stop"]
    assert r.bars == sample_data.bars  # every bar of the data
    assert r.start_equity == 100_000 and r.start_cash == 100_000
    assert r.fills and r.fills[0][0] == "AAPL" and r.fills[0][1] == "buy"
    assert max(r.checks) == r.fills[0][2]  # the position after the fill is the filled quantity
    assert [t[0] for t in r.timers] == [r.timer]
    assert abs(r.end_equity - result.metrics["final_equity"]) < 0.01
    assert list(r.frame.columns) == ["time", "open", "high", "low", "close", "volume"]
    assert len(r.frame) == 5 and r.frame["close"].iloc[-1] == r.last_bar.close
    assert r.frame["time"].iloc[-1] == pd.Timestamp(r.last_bar.time)
    assert len(r.long_frame) <= Recorder.history_bars
    assert list(result.fills["symbol"].unique()) == ["AAPL"]


def test_the_strategy_lives_as_long_as_the_session_needs_it(sample_data):
    seen = []

    class Anonymous(rt.Strategy):
        def on_bar(self, ctx, bar):
            seen.append(bar.symbol)

    s = Anonymous()
    ref = weakref.ref(s)
    result = rt.backtest(sample_data, [s], cash=100_000)
    del s
    gc.collect()
    assert ref() is not None  # the result's session still holds it
    assert len(seen) == sample_data.bars
    del result
    gc.collect()
    assert ref() is None  # and lets it go with the result


def test_python_and_builtin_strategies_combine(sample_data):
    result = rt.backtest(sample_data, [Recorder(), SPEC], cash=100_000, combine="priority")
    assert "recorder" in set(result.orders["strategy"]) | set(result.fills["client_id"].str.split("-").str[1])


def test_a_replay_through_the_tws_simulator(tmp_path):
    from conftest import SAMPLE_DAILY
    data = rt.load_data(str(SAMPLE_DAILY), symbols=["AAPL", "MSFT"], start="2019-06-01", warmup=31)
    result = rt.run(data, [SPEC], broker="tws-sim", speed=0, out=str(tmp_path / "run"),
                    risk_kill_switch_file=str(tmp_path / "kill_switch.json"))
    assert result.summary["state"] == "stopped"
    assert len(result.fills) > 0
    assert "tws" in result.messages.lower() or result.messages
