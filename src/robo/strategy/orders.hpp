// strategy/orders.hpp — the plain values a strategy's own orders are made of: what it asks
// for (OrderRequest, OrderChange), what it hears back (OrderEvent) and the recent history
// it may read (History). Owned strings and core values only, nothing of the engine, so that
// a binding (the Python package) can copy them as they are and a strategy may keep them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "robo/core/market_data.hpp"
#include "robo/core/order.hpp"

namespace robo::strategy {

// Which strategy of the session: the index the manager assigned when it was added.
using StrategyId = uint32_t;
// A strategy's order, unique within the session; 0 is never an order.
using OrderId = uint64_t;

// What a strategy asks for. Every order passes the same risk gate as the manager's.
struct OrderRequest {
    Symbol symbol;
    Side side = Side::buy;
    OrderType type = OrderType::market;  // limit needs `limit`, stop `stop`, stop_limit both
    TimeInForce tif = TimeInForce::day;  // day, gtc or ioc
    // None: the configured sizer's quantity for a new position (fixed, ATR or Kelly on this
    // strategy's own round trips), as for a signal.
    std::optional<Quantity> quantity;
    std::optional<Price> limit;
    std::optional<Price> stop;
    // A bracket: once the entry has filled (or ended partly filled), a stop-loss (a stop
    // order) and a take-profit (a limit order) close the filled quantity, GTC; when one of
    // them fills the other is cancelled (or reduced, on a partial fill). Either may be
    // given alone. The stop-loss is the entry's protective stop for the gate's heat.
    std::optional<Price> stop_loss;
    std::optional<Price> take_profit;
};

// New terms for a working order; what is left out stays.
struct OrderChange {
    std::optional<Quantity> quantity;
    std::optional<Price> limit;
    std::optional<Price> stop;
};

enum class OrderEventKind : uint8_t {
    accepted,
    partially_filled,
    filled,
    cancelled,
    expired,
    rejected,         // by the gate, the sizer, a bad request or the broker: `reason` says which
    modified,         // new terms apply
    modify_rejected,  // the order works on unchanged terms; `reason` says why
};
std::string_view to_string(OrderEventKind k) noexcept;

// Where an order stands in a bracket.
enum class OrderRole : uint8_t { single, entry, stop_loss, take_profit };
std::string_view to_string(OrderRole r) noexcept;

// One event of one of the strategy's own orders.
struct OrderEvent {
    OrderId id = 0;
    OrderEventKind kind = OrderEventKind::accepted;
    OrderRole role = OrderRole::single;
    OrderId parent = 0;  // a bracket leg's entry
    Symbol symbol;
    Side side = Side::buy;
    OrderType type = OrderType::market;
    Quantity quantity;       // the order's quantity (its latest terms)
    Quantity filled;         // so far
    Quantity last_quantity;  // partially_filled, filled: this fill
    Price last_price;
    std::optional<Price> limit, stop;  // the order's latest terms
    std::string reason;
    Timestamp time;
};

// Recent closed bars of one symbol and timeframe, oldest first, with the feature values
// the feature engine computed on each (NaN where it had none).
struct History {
    Symbol symbol;
    Timeframe timeframe = Timeframe::day;
    std::vector<Bar> bars;
    std::vector<std::string> feature_names;
    std::vector<std::vector<double>> features;  // features[i][j]: feature j on bars[i]
};

}  // namespace robo::strategy
