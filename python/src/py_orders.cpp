// python/src/py_orders.cpp — a Python strategy's own orders: ctx.buy, ctx.sell, ctx.cancel,
// ctx.modify and the OrderEvent its on_order receives (strategy API v2, strategy/orders.hpp).
//
// Arguments are checked here so that a bad one is a Python exception at the call, naming it
// (a quantity or price that is not positive and finite, an unknown time in force, a symbol
// with no data); what the engine refuses after that (the sizer, the gate, the broker) comes
// back as a `rejected` event with its reason, as for a C++ strategy.
#include <pybind11/stl.h>

#include <cmath>

#include "py_strategy.hpp"
#include "py_values.hpp"

namespace py = pybind11;

namespace robo::python {
namespace {

Quantity parse_quantity(double value, const char* where) {
    if (!std::isfinite(value) || value <= 0)
        throw py::value_error(std::string(where) + ": quantity " +
                              py::repr(py::float_(value)).cast<std::string>() +
                              ": expected a positive number of shares");
    return Quantity::from_double(value);
}

std::optional<Price> price_or_none(std::optional<double> v, const std::string& what) {
    if (!v) return std::nullopt;
    return parse_price(*v, what.c_str());
}

strategy::OrderId place(PyContext& c, Side side, const std::string& symbol, std::optional<double> quantity,
                        std::optional<double> limit, std::optional<double> stop,
                        std::optional<double> take_profit, std::optional<double> stop_loss,
                        const std::string& tif) {
    const char* where = side == Side::buy ? "ctx.buy" : "ctx.sell";
    auto& ctx = c.live(side == Side::buy ? "buy" : "sell");
    strategy::OrderRequest r;
    r.symbol = traded_symbol(c, symbol, where);
    r.side = side;
    if (quantity) r.quantity = parse_quantity(*quantity, where);
    const std::string w(where);
    r.limit = price_or_none(limit, w + ": limit");
    r.stop = price_or_none(stop, w + ": stop");
    r.take_profit = price_or_none(take_profit, w + ": take_profit");
    r.stop_loss = price_or_none(stop_loss, w + ": stop_loss");
    r.type = r.limit && r.stop ? OrderType::stop_limit
             : r.limit         ? OrderType::limit
             : r.stop          ? OrderType::stop
                               : OrderType::market;
    auto t = parse_time_in_force(tif);
    if (!t) throw py::value_error(w + ": tif \"" + tif + "\": expected \"day\", \"gtc\" or \"ioc\"");
    r.tif = *t;
    return ctx.submit(r);
}

}  // namespace

void bind_orders(py::class_<PyContext>& ctx, py::module_& m) {
    const char* doc =
        "Places an order; returns its id. quantity None: the configured sizer's. limit and/or stop make a "
        "limit, stop or stop-limit order; take_profit and stop_loss make a bracket (one cancels the other) "
        "once the entry fills. tif: \"day\", \"gtc\" or \"ioc\". A refusal arrives as a rejected event in "
        "on_order with its reason.";
    for (Side side : {Side::buy, Side::sell})
        ctx.def(
            side == Side::buy ? "buy" : "sell",
            [side](PyContext& c, const std::string& symbol, std::optional<double> quantity,
                   std::optional<double> limit, std::optional<double> stop, std::optional<double> take_profit,
                   std::optional<double> stop_loss, const std::string& tif) {
                return place(c, side, symbol, quantity, limit, stop, take_profit, stop_loss, tif);
            },
            py::arg("symbol"), py::arg("quantity") = py::none(), py::arg("limit") = py::none(),
            py::arg("stop") = py::none(), py::arg("take_profit") = py::none(),
            py::arg("stop_loss") = py::none(), py::arg("tif") = "day", doc);
    ctx.def(
        "cancel", [](PyContext& c, strategy::OrderId id) { return c.live("cancel").cancel(id); },
        py::arg("order_id"),
        "Asks to cancel one of its working orders (a bracket's entry: every part still working); False when "
        "it has no such working order");
    ctx.def(
        "modify",
        [](PyContext& c, strategy::OrderId id, std::optional<double> quantity, std::optional<double> limit,
           std::optional<double> stop) {
            auto& live = c.live("modify");
            strategy::OrderChange change;
            if (quantity) change.quantity = parse_quantity(*quantity, "ctx.modify");
            change.limit = price_or_none(limit, "ctx.modify: limit");
            change.stop = price_or_none(stop, "ctx.modify: stop");
            return live.modify(id, change);
        },
        py::arg("order_id"), py::kw_only(), py::arg("quantity") = py::none(), py::arg("limit") = py::none(),
        py::arg("stop") = py::none(),
        "Asks to change a working order; the answer is a modified or modify_rejected event");

    py::class_<PyOrderEvent>(m, "OrderEvent", "One event of one of the strategy's own orders (a copy)")
        .def_property_readonly("id", [](const PyOrderEvent& e) { return e.event.id; })
        .def_property_readonly("kind",
                               [](const PyOrderEvent& e) { return std::string(to_string(e.event.kind)); })
        .def_property_readonly("role",
                               [](const PyOrderEvent& e) { return std::string(to_string(e.event.role)); })
        .def_property_readonly("parent", [](const PyOrderEvent& e) { return e.event.parent; })
        .def_property_readonly("symbol", [](const PyOrderEvent& e) { return e.event.symbol.str(); })
        .def_property_readonly("side",
                               [](const PyOrderEvent& e) { return std::string(to_string(e.event.side)); })
        .def_property_readonly("type",
                               [](const PyOrderEvent& e) { return std::string(to_string(e.event.type)); })
        .def_property_readonly("quantity", [](const PyOrderEvent& e) { return e.event.quantity.to_double(); })
        .def_property_readonly("filled", [](const PyOrderEvent& e) { return e.event.filled.to_double(); })
        .def_property_readonly("last_quantity",
                               [](const PyOrderEvent& e) { return e.event.last_quantity.to_double(); })
        .def_property_readonly("last_price",
                               [](const PyOrderEvent& e) { return e.event.last_price.to_double(); })
        .def_property_readonly("limit",
                               [](const PyOrderEvent& e) {
                                   return e.event.limit ? py::cast(e.event.limit->to_double()) : py::none();
                               })
        .def_property_readonly("stop",
                               [](const PyOrderEvent& e) {
                                   return e.event.stop ? py::cast(e.event.stop->to_double()) : py::none();
                               })
        .def_property_readonly("reason", [](const PyOrderEvent& e) { return e.event.reason; })
        .def_property_readonly("time", [](const PyOrderEvent& e) { return to_datetime(e.event.time); })
        .def("__repr__", [](const PyOrderEvent& e) {
            return "OrderEvent(" + std::to_string(e.event.id) + " " + std::string(to_string(e.event.kind)) +
                   " " + std::string(to_string(e.event.role)) + " " + e.event.symbol.str() + " " +
                   std::string(to_string(e.event.side)) + " " + e.event.filled.to_string() + "/" +
                   e.event.quantity.to_string() + (e.event.reason.empty() ? "" : " " + e.event.reason) + ")";
        });
}

}  // namespace robo::python
