// python/src/py_values.hpp — the engine's values as Python sees them: times as timezone-aware
// UTC datetimes, prices and quantities as floats, and the bar and fill objects handed to a
// strategy's callbacks (copies: a strategy may keep them).
#pragma once
#include <pybind11/pybind11.h>

#include <string>

#include "robo/core/market_data.hpp"
#include "robo/core/order.hpp"
#include "robo/strategy/strategy.hpp"

namespace robo::python {

// A UTC datetime (microseconds; the engine's nanoseconds are truncated for display only).
pybind11::object to_datetime(Timestamp t);

// "long" | "flat" | "short"; anything else is a ValueError naming what was given.
strategy::Direction parse_direction(const std::string& text);
// A symbol from Python text; a malformed one is a ValueError naming it and `where`.
Symbol parse_symbol(const std::string& text, const char* where);
// A positive, finite price; otherwise a ValueError naming `what` and the value.
Price parse_price(double value, const char* what);

// The bar a strategy's on_bar receives.
struct PyBar {
    Bar bar;
};
// The fill a strategy's on_fill receives.
struct PyFill {
    Fill fill;
};

void bind_values(pybind11::module_& m);

}  // namespace robo::python
