// python/src/py_request.cpp — see py_request.hpp.
#include "py_request.hpp"

#include <pybind11/stl.h>

#include <functional>
#include <map>

namespace py = pybind11;

namespace robo::python {
namespace {

using Setter = std::function<void(session::SessionRequest&, py::handle)>;

// Casts with a TypeError that names the keyword and the type expected.
template <class T>
T as(py::handle value, const std::string& key, const char* expected) {
    const bool is_bool = py::isinstance<py::bool_>(value);
    if constexpr (std::is_same_v<T, bool>) {
        if (!is_bool)
            throw py::type_error(key + "=" + py::repr(value).cast<std::string>() + ": expected " + expected);
    } else if constexpr (std::is_arithmetic_v<T>) {
        if (is_bool || !(py::isinstance<py::int_>(value) ||
                         (std::is_floating_point_v<T> && py::isinstance<py::float_>(value))))
            throw py::type_error(key + "=" + py::repr(value).cast<std::string>() + ": expected " + expected);
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!py::isinstance<py::str>(value))
            throw py::type_error(key + "=" + py::repr(value).cast<std::string>() + ": expected " + expected);
    }
    return value.cast<T>();
}

std::vector<std::string> as_strings(py::handle value, const std::string& key) {
    if (py::isinstance<py::str>(value)) return {value.cast<std::string>()};
    std::vector<std::string> out;
    try {
        for (py::handle item : py::iter(value))
            out.push_back(as<std::string>(item, key, "a string or a list of strings"));
    } catch (const py::error_already_set&) {
        throw py::type_error(key + "=" + py::repr(value).cast<std::string>() +
                             ": expected a string or a list of strings");
    }
    return out;
}

const std::map<std::string, Setter>& setters() {
    using R = session::SessionRequest;
    static const std::map<std::string, Setter> table = {
        {"data", [](R& r, py::handle v) { r.data = as<std::string>(v, "data", "a path (str)"); }},
        {"db", [](R& r, py::handle v) { r.db = as<std::string>(v, "db", "a path (str)"); }},
        {"symbols", [](R& r, py::handle v) { r.symbols = as_strings(v, "symbols"); }},
        {"from", [](R& r, py::handle v) { r.from = as<std::string>(v, "start", "a date \"YYYY-MM-DD\""); }},
        {"to", [](R& r, py::handle v) { r.to = as<std::string>(v, "end", "a date \"YYYY-MM-DD\""); }},
        {"time_zone",
         [](R& r, py::handle v) { r.time_zone = as<std::string>(v, "time_zone", "a time zone name"); }},
        {"no_record", [](R& r, py::handle v) { r.no_record = as<bool>(v, "record", "True or False"); }},
        {"record_features",
         [](R& r, py::handle v) { r.record_features = as<bool>(v, "record_features", "True or False"); }},
        {"combine",
         [](R& r, py::handle v) {
             r.combine = as<std::string>(v, "combine", "\"vote\", \"weighted\" or \"priority\"");
         }},
        {"timeframe",
         [](R& r, py::handle v) {
             r.timeframe = as<std::string>(v, "timeframe", "a timeframe such as \"5m\" or \"1d\"");
         }},
        {"cash",
         [](R& r, py::handle v) {
             if (py::isinstance<py::str>(v))
                 r.cash = v.cast<std::string>();
             else
                 r.cash = py::str(py::float_(as<double>(v, "cash", "an amount in USD"))).cast<std::string>();
         }},
        {"commission",
         [](R& r, py::handle v) {
             r.commission = as<std::string>(v, "commission", "\"fixed\", \"tiered\" or \"none\"");
         }},
        {"slippage_bps",
         [](R& r, py::handle v) {
             r.slippage_bps = as<double>(v, "slippage_bps", "a number of basis points");
         }},
        {"max_volume_share",
         [](R& r, py::handle v) {
             r.max_volume_share = as<double>(v, "max_volume_share", "a share from 0 to 1");
         }},
        {"position_pct",
         [](R& r, py::handle v) {
             r.position_pct = as<double>(v, "position_pct", "a share of equity in (0, 1]");
         }},
        {"sizing",
         [](R& r, py::handle v) {
             r.sizing = as<std::string>(v, "sizing", "\"fixed\", \"atr\" or \"kelly\"");
         }},
        {"risk_per_trade",
         [](R& r, py::handle v) { r.risk_per_trade = as<double>(v, "risk_per_trade", "a share of equity"); }},
        {"max_leverage",
         [](R& r, py::handle v) { r.max_leverage = as<double>(v, "max_leverage", "a multiple of equity"); }},
        {"allow_short",
         [](R& r, py::handle v) { r.allow_short = as<bool>(v, "allow_short", "True or False"); }},
        {"risk", [](R& r, py::handle v) { r.risk = as<std::string>(v, "risk", "\"gate\" or \"basic\""); }},
        {"sectors", [](R& r, py::handle v) { r.sectors = as<std::string>(v, "sectors", "a path (str)"); }},
        {"speed", [](R& r, py::handle v) { r.speed = as<double>(v, "speed", "data seconds per second"); }},
        {"keep_working_orders",
         [](R& r, py::handle v) {
             r.keep_working_orders = as<bool>(v, "keep_working_orders", "True or False");
         }},
        {"broker",
         [](R& r, py::handle v) {
             r.broker = as<std::string>(v, "broker", "\"paper\", \"tws-sim\" or \"ibkr\"");
         }},
        {"confirm_live",
         [](R& r, py::handle v) { r.confirm_live = as<bool>(v, "confirm_live", "True or False"); }},
        {"bar_timeframe",
         [](R& r, py::handle v) {
             r.bar_timeframe = as<std::string>(v, "bar_timeframe", "a timeframe such as \"5s\"");
         }},
        {"backfill", [](R& r, py::handle v) { r.backfill = as<int>(v, "backfill", "a number of bars"); }},
        {"faults", [](R& r, py::handle v) { r.faults = as_strings(v, "faults"); }},
        {"out",
         [](R& r, py::handle v) {
             r.out = as<std::string>(v, "out", "a folder (str)");
             r.write_files = true;
         }},
    };
    return table;
}

}  // namespace

void apply_request(const py::dict& fields, session::SessionRequest& request, const char* caller) {
    for (auto [key, value] : fields) {
        const std::string name = py::str(key).cast<std::string>();
        auto it = setters().find(name);
        if (it == setters().end()) throw py::type_error(std::string(caller) + ": unexpected keyword " + name);
        if (value.is_none()) continue;
        try {
            it->second(request, value);
        } catch (py::type_error& e) {
            throw py::type_error(std::string(caller) + ": " + e.what());
        }
    }
}

}  // namespace robo::python
