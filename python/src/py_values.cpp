// python/src/py_values.cpp — see py_values.hpp.
#include "py_values.hpp"

#include <datetime.h>

#include <chrono>
#include <cmath>

namespace py = pybind11;

namespace robo::python {

py::object to_datetime(Timestamp t) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const auto in_day = duration_cast<microseconds>(t - day).count();
    const auto us = static_cast<int>(in_day % 1'000'000);
    const auto secs = static_cast<int>(in_day / 1'000'000);
    PyObject* dt = PyDateTimeAPI->DateTime_FromDateAndTime(
        int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())), secs / 3600, secs / 60 % 60,
        secs % 60, us, PyDateTime_TimeZone_UTC, PyDateTimeAPI->DateTimeType);
    if (!dt) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(dt);
}

strategy::Direction parse_direction(const std::string& text) {
    if (text == "long") return strategy::Direction::long_;
    if (text == "flat") return strategy::Direction::flat;
    if (text == "short") return strategy::Direction::short_;
    throw py::value_error("ctx.signal: direction \"" + text + "\": expected \"long\", \"flat\" or \"short\"");
}

Symbol parse_symbol(const std::string& text, const char* where) {
    Symbol s;
    if (!Symbol::try_make(text, s))
        throw py::value_error(std::string(where) + ": symbol \"" + text +
                              "\": expected 1 to 15 letters, digits, '.', '-' or ' '");
    return s;
}

Price parse_price(double value, const char* what) {
    if (!std::isfinite(value) || value <= 0)
        throw py::value_error(std::string(what) + " " + py::str(py::float_(value)).cast<std::string>() +
                              ": expected a positive price");
    return Price::from_double(value);
}

void bind_values(py::module_& m) {
    py::class_<PyBar>(m, "Bar", "One bar of market data (a copy: it may be kept)")
        .def_property_readonly("symbol", [](const PyBar& b) { return std::string(b.bar.symbol.view()); })
        .def_property_readonly(
            "time", [](const PyBar& b) { return to_datetime(b.bar.start); },
            "The bar's start, a UTC datetime")
        .def_property_readonly(
            "time_ns", [](const PyBar& b) { return unix_nanos(b.bar.start); },
            "The bar's start in nanoseconds since the Unix epoch (UTC)")
        .def_property_readonly("timeframe",
                               [](const PyBar& b) { return std::string(to_string(b.bar.timeframe)); })
        .def_property_readonly("open", [](const PyBar& b) { return b.bar.open.to_double(); })
        .def_property_readonly("high", [](const PyBar& b) { return b.bar.high.to_double(); })
        .def_property_readonly("low", [](const PyBar& b) { return b.bar.low.to_double(); })
        .def_property_readonly("close", [](const PyBar& b) { return b.bar.close.to_double(); })
        .def_property_readonly("volume", [](const PyBar& b) { return b.bar.volume.to_double(); })
        .def("__repr__", [](const PyBar& b) {
            return "Bar(" + b.bar.symbol.str() + " " + format_iso_micros(b.bar.start) + " " +
                   std::string(to_string(b.bar.timeframe)) + " o=" + b.bar.open.to_string() +
                   " h=" + b.bar.high.to_string() + " l=" + b.bar.low.to_string() +
                   " c=" + b.bar.close.to_string() + " v=" + b.bar.volume.to_string() + ")";
        });
    py::class_<PyFill>(m, "Fill", "One execution of one of the strategy's orders (a copy)")
        .def_property_readonly("symbol", [](const PyFill& f) { return std::string(f.fill.symbol.view()); })
        .def_property_readonly("time", [](const PyFill& f) { return to_datetime(f.fill.time); })
        .def_property_readonly("side", [](const PyFill& f) { return std::string(to_string(f.fill.side)); })
        .def_property_readonly("quantity", [](const PyFill& f) { return f.fill.quantity.to_double(); })
        .def_property_readonly("price", [](const PyFill& f) { return f.fill.price.to_double(); })
        .def_property_readonly("commission", [](const PyFill& f) { return f.fill.commission.to_double(); })
        .def_property_readonly("client_id", [](const PyFill& f) { return f.fill.client_id; })
        .def_property_readonly("exec_id", [](const PyFill& f) { return f.fill.exec_id; })
        .def("__repr__", [](const PyFill& f) {
            return "Fill(" + f.fill.symbol.str() + " " + std::string(to_string(f.fill.side)) + " " +
                   f.fill.quantity.to_string() + " @ " + f.fill.price.to_string() + " " +
                   format_iso_micros(f.fill.time) + " " + f.fill.client_id + ")";
        });
}

}  // namespace robo::python
