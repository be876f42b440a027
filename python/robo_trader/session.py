"""Loading data and running sessions: rt.load_data, rt.backtest, rt.run and their Result.

Every session is built by the library's session builder from one loaded configuration and
one request, as the command line builds it: a keyword argument is its flag (cash= is
--cash), and any configuration option may be given in lower case (risk_max_drawdown_pct=0.2
is --set RISK_MAX_DRAWDOWN_PCT=0.2). An unknown keyword is a TypeError naming it.
"""
import datetime as _dt
import json
import os

from . import _core
from ._frames import frame
from .strategy import Strategy

_OPTION_NAMES = frozenset(_core.option_names())


class StrategyError(RuntimeError):
    """A strategy failed while the session ran; the session stopped cleanly.

    str(err) names the strategy and the callback and holds the Python traceback; err.result
    is the stopped session's Result and err.__cause__ the strategy's own exception.
    """


def _day(value, keyword):
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (_dt.date, _dt.datetime)) or hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    raise TypeError(f"{keyword}={value!r}: expected a date (\"YYYY-MM-DD\", datetime.date or pandas.Timestamp)")


def _symbols(value):
    if value is None or isinstance(value, str):
        return value
    return list(value)


def _is_sqlite(path):
    if not os.path.isfile(path):
        return False
    with open(path, "rb") as f:
        return f.read(16) == b"SQLite format 3\x00"


def _overrides(options, caller):
    """Lower-case option keywords as KEY=VALUE overrides, exactly like --set."""
    out = []
    for key, value in options.items():
        name = key.upper()
        if key != key.lower() or name not in _OPTION_NAMES:
            hint = _core.closest_option(name)
            raise TypeError(f"{caller}() got an unexpected keyword argument '{key}'"
                            + (f" (did you mean {hint.lower()}?)" if hint else ""))
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            text = ",".join(str(v) for v in value)
        else:
            text = str(value)
        out.append(f"{name}={text}")
    return out


def _path(value, keyword):
    if value is None:
        return None
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{keyword}={value!r}: expected a path")
    return os.fspath(value)


def load_data(path, symbols=None, start=None, end=None, *, warmup=0, time_zone=None, env_file=None,
              config=None, **options):
    """Loads market data once: a folder of CSV files, one file, or a SQLite database.

    symbols: a list or "A,B" (default all); start/end: first and last day included;
    warmup: bars per series before start loaded to warm strategies up (never traded).
    The data passes the quality gate; a requested symbol that is absent is an error.
    The returned Data is shared read-only by every session run on it.
    """
    path = _path(path, "path")
    if path is None:
        raise TypeError("rt.load_data: path is required (a folder, a CSV file or a SQLite database)")
    if isinstance(warmup, bool) or not isinstance(warmup, int):
        raise TypeError(f"rt.load_data: warmup={warmup!r}: expected a whole number of bars")
    fields = {"db" if _is_sqlite(path) else "data": path, "symbols": _symbols(symbols),
              "from": _day(start, "start"), "to": _day(end, "end"), "time_zone": time_zone}
    return _core.load_data(fields, _path(env_file, "env_file"), _path(config, "config"),
                           _overrides(options, "load_data"), warmup)


class Result:
    """A finished session: DataFrames with the columns of the CSV files the command line
    writes (fills, trades, equity; orders has every order), the metrics and the report."""

    def __init__(self, session):
        self._session = session
        self._frames = {}

    def _frame(self, name, times):
        if name not in self._frames:
            self._frames[name] = frame(getattr(self._session, name), times)
        return self._frames[name]

    @property
    def fills(self):
        """time, client_id, exec_id, symbol, side, quantity, price, commission (fills.csv)."""
        return self._frame("fills", ("time",))

    @property
    def trades(self):
        """symbol, direction, opened, closed, quantity, entry_price, exit_price, pnl, commissions (trades.csv)."""
        return self._frame("trades", ("opened", "closed"))

    @property
    def equity(self):
        """time, cash, market_value, equity, gross_exposure (equity.csv)."""
        return self._frame("equity", ("time",))

    @property
    def orders(self):
        """Every order: client_id, symbol, side, type, tif, quantity, limit, stop, status, filled, ..."""
        return self._frame("orders", ("created", "updated"))

    @property
    def metrics(self):
        """final_equity, total_return, cagr, sharpe, sortino, max_drawdown, trades, win_rate, ... (summary.json)."""
        m = json.loads(self._session.metrics_json)
        for key in ("initial_equity", "final_equity", "commissions"):
            m[key] = float(m[key])
        return m

    @property
    def summary(self):
        """How the session ended: state, stop_reason, events, bars, fills, wall_seconds, ..."""
        return json.loads(self._session.summary_json)

    @property
    def settings(self):
        """Every resolved setting of the session (the plan the runs table records)."""
        return json.loads(self._session.plan_json)

    @property
    def stop_reason(self):
        return self._session.stop_reason

    @property
    def files(self):
        """Paths of the files written (out=...), else {}."""
        return self._session.files

    @property
    def messages(self):
        """What the session's resources said (the simulator's port, the recording's totals)."""
        return self._session.messages

    def report_html(self):
        """The HTML report the command line writes (report.html), as a string."""
        return self._session.report_html()

    def _repr_html_(self):
        return self.report_html()

    def __repr__(self):
        m = self.metrics
        return (f"<robo_trader.Result {self._session.state}: final equity {m['final_equity']:.2f}, "
                f"total return {100 * (m['total_return'] or 0):.2f}%, {m['trades']} trades>")


_SESSION_KEYWORDS = ("cash", "commission", "slippage_bps", "risk", "combine", "timeframe", "sizing",
                     "position_pct", "risk_per_trade", "max_leverage", "allow_short", "max_volume_share",
                     "sectors", "out", "record_features")


def _session(kind, data, strategies, env_file, config, options, extra):
    caller = "rt.backtest" if kind == "backtest" else "rt.run"
    fields = {k: options.pop(k) for k in _SESSION_KEYWORDS if k in options}
    fields.update(extra)
    if isinstance(data, _core.Data):
        loaded = data
    elif isinstance(data, (str, os.PathLike)):
        loaded = None
        path = os.fspath(data)
        fields["db" if _is_sqlite(path) else "data"] = path
    else:
        raise TypeError(f"{caller}: data={data!r}: expected rt.load_data(...) or a path")
    if strategies is None:
        strategies = []
    elif isinstance(strategies, (str, Strategy)):
        strategies = [strategies]
    strategies = list(strategies)
    for s in strategies:
        if not isinstance(s, (str, Strategy)):
            raise TypeError(f"{caller}: strategy {s!r}: expected an rt.Strategy instance or a "
                            "\"name:key=value,...\" string")
    overrides = _overrides(options, kind)
    session = _core.run_session(loaded, fields, strategies, _path(env_file, "env_file"),
                                _path(config, "config"), overrides, kind)
    result = Result(session)
    if session.interrupted:
        err = KeyboardInterrupt()
        err.result = result
        raise err
    # A strategy that fails in on_stop leaves the engine "stopped": its failure still counts.
    if session.state == "error" or session.failure:
        err = StrategyError(session.failure or session.stop_reason)
        err.result = result
        raise err from session.exception
    return result


def backtest(data, strategies=None, *, env_file=None, config=None, symbols=None, start=None, end=None,
             **options):
    """Backtests strategies on data (rt.load_data(...) or a path) and returns a Result.

    strategies: rt.Strategy instances and "name:key=value,..." strings (built-ins), combined
    with combine= (vote, weighted, priority); None: STRATEGY_ENABLED. Keywords: cash,
    commission ("fixed", "tiered", "none"), slippage_bps, risk ("gate", "basic"), sizing,
    position_pct, risk_per_trade, max_leverage, allow_short, max_volume_share, timeframe,
    sectors, out (a folder: write the command line's files there), and any configuration
    option in lower case. symbols/start/end select data when data is a path.
    """
    extra = {"symbols": _symbols(symbols), "from": _day(start, "start"), "to": _day(end, "end")}
    return _session("backtest", data, strategies, env_file, config, dict(options), extra)


def run(data, strategies=None, *, broker="paper", speed=0.0, env_file=None, config=None, symbols=None,
        start=None, end=None, keep_working_orders=None, bar_timeframe=None, backfill=None, faults=None,
        **options):
    """A replay session: on the paper broker, or through the TWS simulator (broker="tws-sim",
    the real socket protocol on loopback) or IBKR (broker="ibkr"); speed in data seconds per
    second (0: as fast as possible). Same keywords as backtest()."""
    extra = {"symbols": _symbols(symbols), "from": _day(start, "start"), "to": _day(end, "end"),
             "broker": broker, "speed": speed, "keep_working_orders": keep_working_orders,
             "bar_timeframe": bar_timeframe, "backfill": backfill, "faults": faults}
    return _session("run", data, strategies, env_file, config, dict(options), extra)
