// python/src/py_context.cpp — the `ctx` a Python strategy's callbacks receive: signals,
// positions, money, time, timers and recent bars. Bad arguments are TypeError (pybind11's
// overload check) or ValueError naming the argument; nothing reaches the engine unchecked.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cmath>

#include "py_strategy.hpp"
#include "py_values.hpp"

namespace py = pybind11;

namespace robo::python {
namespace {

PythonStrategy& owner_of(const PyContext& c) {
    if (!c.owner) throw std::runtime_error("ctx: the strategy's session has ended");
    return *c.owner;
}

void signal(PyContext& c, const std::string& symbol, const std::string& direction, std::optional<double> stop,
            double strength) {
    auto& ctx = c.live("signal");
    strategy::Signal s;
    s.symbol = traded_symbol(c, symbol, "ctx.signal");
    s.direction = parse_direction(direction);
    if (!(strength >= 0 && strength <= 1))
        throw py::value_error("ctx.signal: strength " + std::to_string(strength) + ": expected 0 to 1");
    if (stop) s.stop = parse_price(*stop, "ctx.signal: stop");
    s.reason = "python";  // static: the manager keeps the view
    ctx.signal(s);
}

py::object history(PyContext& c, const std::string& symbol, long long n,
                   std::optional<std::string> timeframe) {
    c.live("history");
    if (n < 0) throw py::value_error("ctx.history: n " + std::to_string(n) + ": expected 0 or more");
    PythonStrategy& owner = owner_of(c);
    const Symbol s = traded_symbol(c, symbol, "ctx.history");
    if (timeframe) {
        auto tf = parse_timeframe(*timeframe);
        if (!tf)
            throw py::value_error("ctx.history: timeframe \"" + *timeframe +
                                  "\": expected 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d or session");
        if (owner.seen_timeframe() && *tf != *owner.seen_timeframe())
            throw py::value_error("ctx.history: timeframe " + *timeframe + ": this strategy sees " +
                                  std::string(to_string(*owner.seen_timeframe())) +
                                  " bars only (give the strategy that timeframe to see its bars)");
    }
    const auto bars = owner.history(s, size_t(n));
    const auto count = py::ssize_t(bars.size());
    py::array_t<int64_t> time(count);
    py::array_t<double> open(count), high(count), low(count), close(count), volume(count);
    auto t = time.mutable_unchecked<1>();
    auto o = open.mutable_unchecked<1>(), h = high.mutable_unchecked<1>(), l = low.mutable_unchecked<1>(),
         cl = close.mutable_unchecked<1>(), v = volume.mutable_unchecked<1>();
    for (py::ssize_t i = 0; i < count; ++i) {
        const Bar& b = bars[size_t(i)];
        t(i) = unix_nanos(b.start);
        o(i) = b.open.to_double();
        h(i) = b.high.to_double();
        l(i) = b.low.to_double();
        cl(i) = b.close.to_double();
        v(i) = b.volume.to_double();
    }
    py::dict columns;
    columns["time"] = time;
    columns["open"] = open;
    columns["high"] = high;
    columns["low"] = low;
    columns["close"] = close;
    columns["volume"] = volume;
    static py::object* frame = new py::object(py::module_::import("robo_trader._frames").attr("frame"));
    return (*frame)(columns, py::make_tuple("time"));
}

}  // namespace

Symbol traded_symbol(const PyContext& c, const std::string& text, const char* where) {
    Symbol s = parse_symbol(text, where);
    const auto& known = owner_of(c).hooks().symbols;
    if (!known.empty() && !known.count(s))
        throw py::value_error(std::string(where) + ": symbol \"" + text + "\" has no data in this session");
    return s;
}

void bind_strategy(py::module_& m) {
    py::class_<PyContext> context(m, "Context",
                                  "What a strategy's callbacks can ask and do; valid only during a callback");
    context
        .def("signal", &signal, py::arg("symbol"), py::arg("direction"), py::arg("stop") = py::none(),
             py::arg("strength") = 1.0,
             "The direction wanted for a symbol: \"long\", \"flat\" or \"short\", with an optional "
             "protective stop price and a strength from 0 to 1 (for --combine weighted)")
        .def(
            "position",
            [](PyContext& c, const std::string& symbol) {
                auto& ctx = c.live("position");
                return ctx.position(traded_symbol(c, symbol, "ctx.position")).to_double();
            },
            py::arg("symbol"), "The signed position in shares (0 when flat)")
        .def_property_readonly("equity", [](PyContext& c) { return c.live("equity").equity().to_double(); })
        .def_property_readonly("cash", [](PyContext& c) { return c.live("cash").cash().to_double(); })
        .def_property_readonly(
            "now", [](PyContext& c) { return to_datetime(c.live("now").now()); },
            "The engine's clock (data time in a backtest), a UTC datetime")
        .def(
            "schedule",
            [](PyContext& c, double seconds) {
                auto& ctx = c.live("schedule");
                if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e9)
                    throw py::value_error("ctx.schedule: seconds " + std::to_string(seconds) +
                                          ": expected 0 to 1e9");
                return ctx.schedule(
                    std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds)));
            },
            py::arg("seconds"),
            "Calls on_timer(ctx, timer_id) once, this long from now on the engine's clock")
        .def("history", &history, py::arg("symbol"), py::arg("n"), py::arg("timeframe") = py::none(),
             "The last n bars of symbol this strategy has seen (oldest first, at most its history_bars), "
             "a pandas DataFrame: time, open, high, low, close, volume")
        .def_property_readonly("strategy", [](PyContext& c) { return std::string(owner_of(c).name()); });
    bind_orders(context, m);
}

}  // namespace robo::python
