// tests/exec/helpers.hpp — small builders that name the situation in exec tests.
#pragma once
#include <string>

#include "robo/core/market_data.hpp"
#include "robo/core/order.hpp"

namespace robo::test {

inline Price px(const char* text) { return Price::parse(text); }
inline Money usd(const char* text) { return Money::parse(text); }
inline Quantity shares(int64_t n) { return Quantity::from_units(n); }
inline Timestamp day(int d, int hour = 0, int minute = 0) {
    return from_civil(2024, 3, unsigned(d), hour, minute);
}

inline Order order(std::string id, const char* symbol, Side side, int64_t qty,
                   OrderType type = OrderType::market, TimeInForce tif = TimeInForce::gtc) {
    Order o;
    o.client_id = std::move(id);
    o.symbol = Symbol(symbol);
    o.side = side;
    o.type = type;
    o.tif = tif;
    o.quantity = shares(qty);
    return o;
}
inline Order limit_order(std::string id, const char* symbol, Side side, int64_t qty, const char* limit,
                         TimeInForce tif = TimeInForce::gtc) {
    Order o = order(std::move(id), symbol, side, qty, OrderType::limit, tif);
    o.limit = px(limit);
    return o;
}
inline Order stop_order(std::string id, const char* symbol, Side side, int64_t qty, const char* stop) {
    Order o = order(std::move(id), symbol, side, qty, OrderType::stop);
    o.stop = px(stop);
    return o;
}

inline Bar bar(const char* symbol, Timestamp start, const char* o, const char* h, const char* l,
               const char* c, int64_t volume = 1'000'000, Timeframe tf = Timeframe::day) {
    return Bar{Symbol(symbol), tf, start, px(o), px(h), px(l), px(c), shares(volume), false};
}

inline Fill fill(const char* symbol, Side side, int64_t qty, const char* price, const char* commission = "0",
                 Timestamp t = day(1)) {
    static int n = 0;
    std::string exec_id = "x";
    exec_id += std::to_string(++n);  // (not "x" + ...: g++ 12 warns falsely, -Wrestrict)
    return Fill{"o", exec_id, Symbol(symbol), side, shares(qty), px(price), usd(commission), t};
}

}  // namespace robo::test
