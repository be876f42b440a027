"""A signal-style strategy that reads its recent bars through ctx.history and protects each
entry with a stop: a Donchian breakout.

Long when the close breaks above the highest high of the previous `entry` bars, with a
protective stop at the lowest low of those bars (the gate counts the risk to it as heat);
flat when the close falls below the lowest low of the previous `exit` bars. A timer prints
the equity once a quarter (data time).

    PYTHONPATH=build/python /usr/bin/python3 examples/python/breakout_history.py [DATA]
"""
import sys

import robo_trader as rt


class Breakout(rt.Strategy):
    name = "py_breakout"

    def __init__(self, entry=20, exit=10, report_days=91):
        self.entry, self.exit, self.report_days = entry, exit, report_days
        self.warmup_bars = entry + 1
        self.history_bars = entry + 1
        self.reports = []
        self.timer = None

    def on_bar(self, ctx, bar):
        if self.timer is None:  # the first report a quarter after the first bar
            self.timer = ctx.schedule(self.report_days * 86_400)
        bars = ctx.history(bar.symbol, self.entry + 1)  # the last row is this bar
        if len(bars) <= self.entry:
            return
        before = bars.iloc[:-1]
        if bar.close > before["high"].max():
            ctx.signal(bar.symbol, "long", stop=float(before["low"].min()))
        elif bar.close < before["low"].iloc[-self.exit:].min():
            ctx.signal(bar.symbol, "flat")

    def on_timer(self, ctx, timer_id):
        self.reports.append((ctx.now.date(), round(ctx.equity, 2)))
        self.timer = ctx.schedule(self.report_days * 86_400)


if __name__ == "__main__":
    data = rt.load_data(sys.argv[1] if len(sys.argv) > 1 else "data/sample/daily")
    strategy = Breakout()
    result = rt.backtest(data, [strategy], cash=100_000)
    for day, equity in strategy.reports[:4]:
        print(f"{day}: equity {equity:,.2f}")
    print(result)
