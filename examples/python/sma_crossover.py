"""A signal-style strategy in Python: the moving-average crossover of the built-in
sma_crossover, rule for rule (src/robo/strategy/sma_crossover.cpp).

Per symbol, a fast and a slow simple moving average of closes. Long while fast > slow; when
fast falls to or below slow, flat (or short with allow_short). A signal on every bar once
both averages are warm. The averages use the engine's own rolling window arithmetic
(features/rolling_window.hpp), so the decisions, and therefore the fills, are the built-in's
to the last bit:

    PYTHONPATH=build/python /usr/bin/python3 examples/python/sma_crossover.py [DATA]
"""
import sys

import robo_trader as rt


class RollingMean:
    """The mean of the last `period` values: features::RollingWindow<false>, step for step.

    The sum is kept about a shift (the first value, later the window's mean) and recomputed
    from the buffer about every 1024 updates, so rounding never drifts."""

    RECOMPUTE_EVERY = 1024

    def __init__(self, period):
        self.values = [0.0] * period
        self.period = period
        self.inv_period = 1.0 / period
        self.recompute_windows = 1 if period >= self.RECOMPUTE_EVERY else self.RECOMPUTE_EVERY // period
        self.sum = 0.0
        self.shift = 0.0
        self.pos = 0
        self.count = 0
        self.windows = 0

    def push(self, x):
        """Adds x; returns the mean once `period` values have been seen, else None."""
        if self.count == self.period:
            self.sum += x - self.values[self.pos]
            self.values[self.pos] = x
            self.pos += 1
            if self.pos == self.period:
                self.pos = 0
                self.windows += 1
                if self.windows == self.recompute_windows:
                    self._recompute()
            return self.shift + self.sum * self.inv_period
        if self.count == 0:
            self.shift = x
        self.count += 1
        self.sum += x - self.shift
        self.values[self.pos] = x
        self.pos += 1
        if self.pos == self.period:
            self.pos = 0
        return self.shift + self.sum * self.inv_period if self.count == self.period else None

    def _recompute(self):
        self.windows = 0
        total = 0.0
        for v in self.values:
            total += v
        self.shift = total / self.period
        self.sum = 0.0
        for i in range(self.period):
            self.sum += self.values[(self.pos + i) % self.period] - self.shift


class SmaCrossover(rt.Strategy):
    name = "py_sma_crossover"

    def __init__(self, fast=10, slow=30, allow_short=False):
        if not 1 <= fast < slow:
            raise ValueError(f"SmaCrossover: need 1 <= fast < slow, found fast={fast} slow={slow}")
        self.fast, self.slow, self.allow_short = fast, slow, allow_short
        self.warmup_bars = max(fast, slow) + 1
        self.history_bars = 0  # it keeps its own window
        self.averages = {}

    def on_bar(self, ctx, bar):
        averages = self.averages.get(bar.symbol)
        if averages is None:
            averages = self.averages[bar.symbol] = (RollingMean(self.fast), RollingMean(self.slow))
        close = bar.close
        fast = averages[0].push(close)
        slow = averages[1].push(close)
        if fast is None or slow is None:
            return
        if fast > slow:
            ctx.signal(bar.symbol, "long")
        else:
            ctx.signal(bar.symbol, "short" if self.allow_short else "flat")


if __name__ == "__main__":
    data = rt.load_data(sys.argv[1] if len(sys.argv) > 1 else "data/sample/daily")
    result = rt.backtest(data, [SmaCrossover(10, 30)], cash=100_000)
    print(result)
    print(result.trades.tail())
