"""An order-style strategy in Python: breakout entries with a bracket.

On a close above the highest high of the previous `entry` bars, with no position and no
order working in the symbol, it buys at the market (quantity from the configured sizer)
with a bracket: a stop-loss at the lowest low of those bars and a take-profit `reward`
times the risk above the close. Once the entry fills, the two exits work; when one fills,
the engine cancels the other. on_order hears every event of its own orders.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/bracket_orders.py [DATA]
"""
import collections
import sys

import robo_trader as rt


class BracketBreakout(rt.Strategy):
    name = "py_bracket_breakout"

    def __init__(self, entry=20, reward=2.0):
        self.entry, self.reward = entry, reward
        self.warmup_bars = entry + 1
        self.history_bars = entry + 1
        self.working = set()  # symbols with an entry or exit working
        self.events = collections.Counter()  # (role, kind) -> count

    def on_bar(self, ctx, bar):
        if bar.symbol in self.working or ctx.position(bar.symbol) != 0:
            return
        bars = ctx.history(bar.symbol, self.entry + 1)
        if len(bars) <= self.entry:
            return
        before = bars.iloc[:-1]
        high, low = float(before["high"].max()), float(before["low"].min())
        if bar.close > high and low < bar.close:
            risk = bar.close - low
            ctx.buy(bar.symbol, stop_loss=low, take_profit=bar.close + self.reward * risk, tif="gtc")
            self.working.add(bar.symbol)

    def on_order(self, ctx, event):
        self.events[(event.role, event.kind)] += 1
        done = event.kind in ("filled", "cancelled", "expired", "rejected")
        # The round trip is over when an exit fills, or when the entry ends without a fill.
        if done and (event.role in ("stop_loss", "take_profit") or (event.role == "entry" and event.filled == 0)):
            self.working.discard(event.symbol)


if __name__ == "__main__":
    data = rt.load_data(sys.argv[1] if len(sys.argv) > 1 else "data/sample/daily")
    strategy = BracketBreakout()
    result = rt.backtest(data, [strategy], cash=100_000)
    for (role, kind), n in sorted(strategy.events.items()):
        print(f"{role:12} {kind:18} {n}")
    print(result)
