// web/publisher.hpp — turns the engine's typed events into the stream's JSON messages.
//
// The engine calls these on its own thread; each is a JSON build plus Hub::publish (a
// lock-free enqueue), never I/O. Prices and money are sent as decimal strings so a client
// sees exactly what the ledger holds. The schema per topic is documented in docs/web.md.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "robo/core/market_data.hpp"
#include "robo/core/order.hpp"
#include "robo/web/hub.hpp"

namespace robo::web {

class Publisher {
public:
    explicit Publisher(Hub& hub) : hub_(hub) {}

    void quote(const Quote& q);
    void trade(const Tick& t);
    void bar(const Bar& b);
    void features(const Symbol& s, Timeframe tf, Timestamp bar_start, const nlohmann::json& values);
    void signal(const Symbol& s, Timestamp t, const std::string& strategy, const std::string& direction,
                double strength);
    void order(const Order& o, OrderStatus status, Timestamp t, const std::string& note = "");
    void fill(const Fill& f);
    void position(const Position& p, Price mark, Timestamp t);
    void equity(Timestamp t, Money equity, Money cash, double drawdown);
    // Topic-wide snapshots whose fields come from risk/ and engine/ (see docs/web.md).
    void risk(Timestamp t, nlohmann::json snapshot);
    void health(Timestamp t, nlohmann::json snapshot);

    Hub& hub() noexcept { return hub_; }

private:
    Hub& hub_;
};

}  // namespace robo::web
