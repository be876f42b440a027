// core/order.hpp — the vocabulary of trading: sides, order types, time in force, orders,
// fills and positions.
//
// These are plain values. The order state machine lives in exec/ (OrderManager), the
// ledger arithmetic in exec/ (Portfolio); both speak these types. A client order id is
// unique per session and is what makes submission idempotent.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "robo/core/symbol.hpp"
#include "robo/core/time.hpp"
#include "robo/core/units.hpp"

namespace robo {

enum class Side : uint8_t { buy, sell };
enum class OrderType : uint8_t { market, limit, stop, stop_limit };
enum class TimeInForce : uint8_t { day, gtc, ioc };
enum class OrderStatus : uint8_t {
    created,    // built locally, not yet sent
    submitted,  // sent to the broker
    accepted,   // acknowledged by the broker, working
    partially_filled,
    filled,
    cancelled,
    rejected,
    expired,
};

std::string_view to_string(Side s) noexcept;
std::string_view to_string(OrderType t) noexcept;
std::string_view to_string(TimeInForce t) noexcept;
std::string_view to_string(OrderStatus s) noexcept;
std::optional<Side> parse_side(std::string_view text) noexcept;
std::optional<OrderType> parse_order_type(std::string_view text) noexcept;
std::optional<TimeInForce> parse_time_in_force(std::string_view text) noexcept;

// +1 for buy, -1 for sell.
inline constexpr int sign(Side s) noexcept { return s == Side::buy ? 1 : -1; }
inline constexpr Side opposite(Side s) noexcept { return s == Side::buy ? Side::sell : Side::buy; }
inline constexpr bool is_terminal(OrderStatus s) noexcept {
    return s == OrderStatus::filled || s == OrderStatus::cancelled || s == OrderStatus::rejected ||
           s == OrderStatus::expired;
}

struct Order {
    std::string client_id;  // unique per session; the idempotency key
    Symbol symbol;
    Side side = Side::buy;
    OrderType type = OrderType::market;
    TimeInForce tif = TimeInForce::day;
    Quantity quantity;                     // always positive; direction is `side`
    std::optional<Price> limit;            // limit and stop_limit
    std::optional<Price> stop;             // stop and stop_limit (trigger)
    std::optional<Price> protective_stop;  // where the strategy's risk ends (for heat)
    Timestamp created;
    std::string strategy;  // which strategy asked for it

    // Empty when the order is well formed; otherwise what is wrong with it.
    std::string validate() const;
};

struct Fill {
    std::string client_id;  // the order filled
    std::string exec_id;    // the broker's execution id; unique
    Symbol symbol;
    Side side = Side::buy;
    Quantity quantity;  // positive
    Price price;
    Money commission;
    Timestamp time;

    // Cash effect: buys pay price * quantity + commission, sells receive minus commission.
    Money cash_delta() const;
};

// A holding. quantity > 0 is long, < 0 short. average_cost is per share, of the open
// quantity only; realized P&L accumulates as positions are reduced.
struct Position {
    Symbol symbol;
    Quantity quantity;
    Price average_cost;
    Money realized_pnl;

    bool flat() const noexcept { return quantity.is_zero(); }
    Money market_value(Price mark) const { return mark * quantity; }
    Money unrealized_pnl(Price mark) const { return (mark - average_cost) * quantity; }
};

}  // namespace robo
