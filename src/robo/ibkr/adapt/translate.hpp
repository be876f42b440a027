// ibkr/adapt/translate.hpp — between the system's types (core/) and TWS messages.
//
// The only place where an Order becomes a placeOrder and an execution becomes a Fill, so
// the engine never sees the wire and the wire never sees the engine. Prices cross as
// exact decimals (Price::from_double of the wire's shortest text is exact for any price
// with up to 8 decimals). The order's client_id travels as orderRef, which is how orders
// and fills are matched back to local orders after a reconnect or a restart.
// Must never: guess a side, a type or a time zone; unknown values are errors.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "robo/core/market_data.hpp"
#include "robo/core/order.hpp"
#include "robo/ibkr/messages.hpp"
#include "robo/ibkr/requests.hpp"

namespace robo::ibkr {

class TranslateError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

// US stock on SMART routing in USD.
Contract stock_contract(Symbol s);

// placeOrder for a validated Order (throws TranslateError on an invalid one).
PlaceOrder to_place_order(const Order& o, int order_id, std::string account);

// A Fill from an execution and its commission report (commission may come later: zero).
Fill to_fill(const ExecDetails& e, Money commission = {}, std::string_view exec_time_zone = "UTC");

// TWS order status text to ours; filled/remaining distinguish partial fills.
std::optional<OrderStatus> to_order_status(std::string_view tws_status, Quantity filled, Quantity remaining);

// "yyyyMMdd", "yyyyMMdd[ ]HH:mm:ss[ zone]", "yyyyMMdd-HH:mm:ss" (UTC) or epoch seconds.
// A time without a zone is read in `default_zone` (TWS prints its own local zone).
Timestamp parse_tws_time(std::string_view text, std::string_view default_zone = "UTC");

Bar to_bar(const RealTimeBar& b, Symbol s);
Bar to_bar(const HistoricalBar& b, Symbol s, Timeframe tf, std::string_view zone = "UTC");

// The barSizeSetting for a timeframe ("1 min", "1 day"); throws for `session`.
std::string bar_size_setting(Timeframe tf);

// Level-1 ticks in, Quotes and trade Ticks out: remembers bid/ask/sizes per request id.
class QuoteBook {
public:
    void watch(int req_id, Symbol s) { books_[req_id].symbol = s; }
    void forget(int req_id) { books_.erase(req_id); }
    // A quote once both sides are known and something changed, never a crossed one (a side
    // updated before the other: the quote waits for the other side).
    std::optional<Quote> on_tick(const TickPrice& t, Timestamp now);
    std::optional<Quote> on_tick(const TickSize& t, Timestamp now);
    // A trade print for LAST ticks (with the size carried in the tickPrice).
    std::optional<Tick> trade(const TickPrice& t, Timestamp now) const;

private:
    struct Book {
        Symbol symbol;
        std::optional<Price> bid, ask;
        Quantity bid_size, ask_size;
    };
    std::optional<Quote> emit(const Book& b, Timestamp now) const;
    std::map<int, Book> books_;
};

}  // namespace robo::ibkr
