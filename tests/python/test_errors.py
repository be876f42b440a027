"""Bad input is a clear Python exception, never a crash; a failing strategy stops its session
cleanly, naming itself, with its traceback in the error and the audit trail."""
import json

import pytest

import robo_trader as rt
from conftest import SAMPLE_DAILY

SPEC = "sma_crossover:fast=10,slow=30"


class Raises(rt.Strategy):
    name = "raises_on_bar_5"

    def __init__(self):
        self.bars = 0

    def on_bar(self, ctx, bar):
        self.bars += 1
        if self.bars == 5:
            1 / 0


def test_a_python_exception_stops_the_session_with_name_and_traceback(sample_data):
    with pytest.raises(rt.StrategyError) as caught:
        rt.backtest(sample_data, [Raises()], cash=100_000)
    text = str(caught.value)
    assert "raises_on_bar_5" in text and "on_bar" in text
    assert "Traceback" in text and "1 / 0" in text and "ZeroDivisionError" in text
    assert isinstance(caught.value.__cause__, ZeroDivisionError)
    result = caught.value.result
    assert result.summary["state"] == "error"
    assert "raises_on_bar_5" in result.stop_reason


def test_the_traceback_is_in_the_audit_trail(sample_data, tmp_path):
    with pytest.raises(rt.StrategyError) as caught:
        rt.backtest(sample_data, [Raises()], cash=100_000, out=str(tmp_path / "out"))
    records = [json.loads(line) for line in open(caught.value.result.files.get("audit", tmp_path / "out" / "audit.jsonl"))]
    errors = [r for r in records if r.get("kind") == "strategy_error" or r.get("type") == "strategy_error"
              or "strategy_error" in json.dumps(r)]
    assert errors, "no strategy_error record in the audit trail"
    assert "ZeroDivisionError" in json.dumps(errors[0]) and "raises_on_bar_5" in json.dumps(errors[0])


def test_an_exception_in_on_start_stops_before_any_trade(sample_data):
    class FailsToStart(rt.Strategy):
        def on_start(self, ctx):
            raise RuntimeError("no model file")

    with pytest.raises(rt.StrategyError, match="FailsToStart.*on_start.*no model file"):
        rt.backtest(sample_data, [FailsToStart()], cash=100_000)


class Signals(rt.Strategy):
    """Sends one signal built by `make` on its first bar."""

    def __init__(self, make):
        self.make = make

    def on_bar(self, ctx, bar):
        self.make(ctx, bar)


@pytest.mark.parametrize("make, error, words", [
    (lambda ctx, bar: ctx.signal(bar.symbol, "up"), ValueError, "expected \"long\", \"flat\" or \"short\""),
    (lambda ctx, bar: ctx.signal("NOSUCH", "long"), ValueError, "NOSUCH\" has no data"),
    (lambda ctx, bar: ctx.signal("bad symbol!", "long"), ValueError, "symbol \"bad symbol!\""),
    (lambda ctx, bar: ctx.signal(bar.symbol, "long", stop=-1.0), ValueError, "expected a positive price"),
    (lambda ctx, bar: ctx.signal(bar.symbol, "long", stop=float("nan")), ValueError, "expected a positive price"),
    (lambda ctx, bar: ctx.signal(bar.symbol, "long", strength=2.0), ValueError, "expected 0 to 1"),
    (lambda ctx, bar: ctx.signal(bar.symbol, 1), TypeError, "signal"),
    (lambda ctx, bar: ctx.position(42), TypeError, "position"),
    (lambda ctx, bar: ctx.schedule(-1), ValueError, "expected 0 to 1e9"),
    (lambda ctx, bar: ctx.history(bar.symbol, 5, timeframe="5m"), ValueError, "sees 1d bars only"),
    (lambda ctx, bar: ctx.history(bar.symbol, -1), ValueError, "expected 0 or more"),
])
def test_bad_arguments_in_a_callback_are_python_errors(sample_data, make, error, words):
    with pytest.raises(rt.StrategyError) as caught:
        rt.backtest(sample_data, [Signals(make)], cash=100_000)
    assert isinstance(caught.value.__cause__, error)
    assert words in str(caught.value.__cause__)


def test_a_kept_context_refuses_use_after_its_callback(sample_data):
    kept = []

    class Keeps(rt.Strategy):
        def on_start(self, ctx):
            kept.append(ctx)

    rt.backtest(sample_data, [Keeps()], cash=100_000)
    with pytest.raises(RuntimeError, match="only valid inside a strategy callback"):
        kept[0].equity


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(no_such_option=1), TypeError, "no_such_option"),
    (dict(risk_max_position_pcx=0.1), TypeError, "risk_max_position_pct"),
    (dict(cash=[1]), TypeError, "cash"),
    (dict(slippage_bps="1"), TypeError, "slippage_bps"),
    (dict(allow_short=1), TypeError, "allow_short"),
    (dict(slippage_bps=-5), ValueError, "--slippage-bps -5"),
    (dict(cash=-1), ValueError, "--cash"),
    (dict(commission="free"), ValueError, "--commission \"free\""),
    (dict(risk="none"), ValueError, "--risk \"none\""),
    (dict(risk_max_position_pct=5), ValueError, "RISK_MAX_POSITION_PCT"),
])
def test_bad_keywords_are_refused_naming_them(sample_data, kwargs, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(")):
        rt.backtest(sample_data, [SPEC], **kwargs)


def test_bad_strategies_are_refused(sample_data):
    with pytest.raises(TypeError, match="expected an rt.Strategy instance"):
        rt.backtest(sample_data, [object()])
    with pytest.raises(ValueError, match="nope"):
        rt.backtest(sample_data, ["nope"])
    with pytest.raises(ValueError, match="fast"):
        rt.backtest(sample_data, ["sma_crossover:fast=x"])

    class BadWarmup(rt.Strategy):
        warmup_bars = "ten"

    with pytest.raises(ValueError, match="warmup_bars"):
        rt.backtest(sample_data, [BadWarmup()])

    class BadTimeframe(rt.Strategy):
        timeframe = "7m"

    with pytest.raises(ValueError, match="timeframe \"7m\""):
        rt.backtest(sample_data, [BadTimeframe()])


def test_bad_data_is_refused():
    with pytest.raises(RuntimeError):
        rt.load_data("/no/such/folder")
    with pytest.raises(RuntimeError, match="NOSUCH"):
        rt.load_data(str(SAMPLE_DAILY), symbols=["NOSUCH"])
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        rt.load_data(str(SAMPLE_DAILY), start="last year")
    with pytest.raises(TypeError, match="warmup"):
        rt.load_data(str(SAMPLE_DAILY), warmup="10")


def test_data_selection_belongs_to_load_data(sample_data):
    with pytest.raises(TypeError, match="symbols selects data"):
        rt.backtest(sample_data, [SPEC], symbols=["AAPL"])


def test_too_little_warm_up_for_the_strategies_is_refused():
    data = rt.load_data(str(SAMPLE_DAILY), start="2016-01-04")
    with pytest.raises(ValueError, match="warmup=31"):
        rt.backtest(data, [SPEC])
    warm = rt.load_data(str(SAMPLE_DAILY), start="2016-01-04", warmup=31)
    assert warm.warmup_bars > 0
    rt.backtest(warm, [SPEC])
