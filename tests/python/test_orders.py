"""A Python strategy's own orders: brackets whose exits cancel each other, its events in
on_order, and bad order arguments refused at the call."""
import pytest

import robo_trader as rt
from conftest import SAMPLE_DAILY


def test_a_bracket_entry_fills_and_one_exit_cancels_the_other():
    from bracket_orders import BracketBreakout
    strategy = BracketBreakout()
    result = rt.backtest(rt.load_data(str(SAMPLE_DAILY), symbols=["AAPL", "MSFT", "XOM"]), [strategy], cash=100_000)
    e = strategy.events
    assert e[("entry", "filled")] > 0
    exits = e[("stop_loss", "filled")] + e[("take_profit", "filled")]
    assert exits > 0
    assert e[("stop_loss", "cancelled")] + e[("take_profit", "cancelled")] >= exits - 3  # the other leg
    assert len(result.trades) >= exits


class Orders(rt.Strategy):
    """Places the order `place` builds on its first bar and keeps the events."""

    def __init__(self, place):
        self.place, self.events, self.ids = place, [], []

    def on_bar(self, ctx, bar):
        if not self.ids:
            self.ids.append(self.place(ctx, bar))

    def on_order(self, ctx, event):
        self.events.append(event)


def test_a_limit_order_is_accepted_then_cancelled_on_request(sample_data):
    class CancelsIt(Orders):
        def on_order(self, ctx, event):
            super().on_order(ctx, event)
            if event.kind == "accepted":
                assert ctx.cancel(event.id)

    s = CancelsIt(lambda ctx, bar: ctx.buy(bar.symbol, 10, limit=bar.close * 0.5, tif="gtc"))
    rt.backtest(sample_data, [s], cash=100_000)
    assert [e.kind for e in s.events][:2] == ["accepted", "cancelled"]
    assert s.events[0].id == s.ids[0] and s.events[0].type == "limit" and s.events[0].limit > 0


def test_an_order_the_gate_refuses_comes_back_rejected_with_the_reason(sample_data):
    s = Orders(lambda ctx, bar: ctx.buy(bar.symbol, 1_000_000))  # far beyond the position limit
    rt.backtest(sample_data, [s], cash=100_000)
    assert s.events and s.events[0].kind == "rejected" and s.events[0].reason


@pytest.mark.parametrize("place, words", [
    (lambda ctx, bar: ctx.buy(bar.symbol, 0), "expected a positive number of shares"),
    (lambda ctx, bar: ctx.buy(bar.symbol, -5), "expected a positive number of shares"),
    (lambda ctx, bar: ctx.buy(bar.symbol, float("nan")), "expected a positive number of shares"),
    (lambda ctx, bar: ctx.buy(bar.symbol, 10, limit=-1.0), "limit -1.0: expected a positive price"),
    (lambda ctx, bar: ctx.sell(bar.symbol, 10, stop=0.0), "stop 0.0: expected a positive price"),
    (lambda ctx, bar: ctx.buy(bar.symbol, 10, take_profit=float("inf")), "take_profit"),
    (lambda ctx, bar: ctx.buy(bar.symbol, 10, tif="week"), "tif \"week\""),
    (lambda ctx, bar: ctx.buy("NOSUCH", 10), "has no data"),
])
def test_bad_order_arguments_are_value_errors_at_the_call(sample_data, place, words):
    with pytest.raises(rt.StrategyError) as caught:
        rt.backtest(sample_data, [Orders(place)], cash=100_000)
    assert isinstance(caught.value.__cause__, ValueError)
    assert words in str(caught.value.__cause__)
