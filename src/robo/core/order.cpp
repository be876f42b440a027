#include "robo/core/order.hpp"

#include <array>
#include <utility>

namespace robo {

namespace {
template <class E, size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view text) noexcept {
    for (auto& [value, name] : table)
        if (name == text) return value;
    return std::nullopt;
}
template <class E, size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E v) noexcept {
    for (auto& [value, name] : table)
        if (value == v) return name;
    return "?";
}

constexpr std::array<std::pair<Side, std::string_view>, 2> kSides{{{Side::buy, "buy"}, {Side::sell, "sell"}}};
constexpr std::array<std::pair<OrderType, std::string_view>, 4> kTypes{
    {{OrderType::market, "market"},
     {OrderType::limit, "limit"},
     {OrderType::stop, "stop"},
     {OrderType::stop_limit, "stop_limit"}}};
constexpr std::array<std::pair<TimeInForce, std::string_view>, 3> kTifs{
    {{TimeInForce::day, "day"}, {TimeInForce::gtc, "gtc"}, {TimeInForce::ioc, "ioc"}}};
constexpr std::array<std::pair<OrderStatus, std::string_view>, 8> kStatuses{{
    {OrderStatus::created, "created"},
    {OrderStatus::submitted, "submitted"},
    {OrderStatus::accepted, "accepted"},
    {OrderStatus::partially_filled, "partially_filled"},
    {OrderStatus::filled, "filled"},
    {OrderStatus::cancelled, "cancelled"},
    {OrderStatus::rejected, "rejected"},
    {OrderStatus::expired, "expired"},
}};
}  // namespace

std::string_view to_string(Side s) noexcept { return name_of(kSides, s); }
std::string_view to_string(OrderType t) noexcept { return name_of(kTypes, t); }
std::string_view to_string(TimeInForce t) noexcept { return name_of(kTifs, t); }
std::string_view to_string(OrderStatus s) noexcept { return name_of(kStatuses, s); }
std::optional<Side> parse_side(std::string_view text) noexcept { return lookup(kSides, text); }
std::optional<OrderType> parse_order_type(std::string_view text) noexcept { return lookup(kTypes, text); }
std::optional<TimeInForce> parse_time_in_force(std::string_view text) noexcept { return lookup(kTifs, text); }

std::string Order::validate() const {
    if (client_id.empty()) return "order has no client id";
    if (symbol.empty()) return "order has no symbol";
    if (!quantity.is_positive()) return "quantity must be positive, found " + quantity.to_string();
    bool needs_limit = type == OrderType::limit || type == OrderType::stop_limit;
    bool needs_stop = type == OrderType::stop || type == OrderType::stop_limit;
    if (needs_limit && !limit) return std::string(to_string(type)) + " order needs a limit price";
    if (!needs_limit && limit) return std::string(to_string(type)) + " order must not carry a limit price";
    if (needs_stop && !stop) return std::string(to_string(type)) + " order needs a stop price";
    if (!needs_stop && stop) return std::string(to_string(type)) + " order must not carry a stop price";
    if (limit && !limit->is_positive()) return "limit price must be positive, found " + limit->to_string();
    if (stop && !stop->is_positive()) return "stop price must be positive, found " + stop->to_string();
    return {};
}

Money Fill::cash_delta() const {
    Money notional = price * quantity;
    return side == Side::buy ? -(notional + commission) : notional - commission;
}

}  // namespace robo
