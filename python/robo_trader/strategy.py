"""The base class of a Python strategy.

Subclass it and override the callbacks you need; the ones you leave alone cost nothing
(the engine never calls into Python for them). Every callback receives ``ctx``, the
strategy's one Context for the whole session, valid only while the callback runs.
"""


class Strategy:
    """A strategy the engine runs like a built-in one.

    Class attributes a subclass may set:
      name          the name in orders, the report and errors (default: the class name)
      warmup_bars   bars of its timeframe it needs before its first decision; with start=
                    that many earlier bars warm it up (seen, never traded)
      history_bars  bars per symbol kept for ctx.history() (0: none kept)
      timeframe     the bars it trades on ("5m", "1d", ...); None: the data's own bars
      weight        its weight when strategies combine with combine="weighted"
    """

    name = None
    warmup_bars = 0
    history_bars = 256
    timeframe = None
    weight = 1.0

    def on_start(self, ctx):
        """Once, before the first event."""

    def on_bar(self, ctx, bar):
        """Each bar of its timeframe: bar.symbol, bar.time (UTC), bar.open/high/low/close, bar.volume."""

    def on_order(self, ctx, event):
        """Each event of its own orders (ctx.buy/sell): event.id, kind (accepted, partially_filled,
        filled, cancelled, expired, rejected, modified, modify_rejected), role (single, entry,
        stop_loss, take_profit), parent, symbol, side, quantity, filled, last_quantity,
        last_price, limit, stop, reason, time."""

    def on_fill(self, ctx, fill):
        """Each fill of its own orders and of the manager's orders for wishes it decided:
        fill.symbol, side, quantity, price, commission, time, client_id."""

    def on_timer(self, ctx, timer_id):
        """A timer set with ctx.schedule(seconds) fell due."""

    def on_stop(self, ctx):
        """Once, when the session ends (also after an error elsewhere)."""
