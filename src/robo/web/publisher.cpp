#include "robo/web/publisher.hpp"

namespace robo::web {

void Publisher::quote(const Quote& q) {
    hub_.publish(Topic::quotes, q.symbol.str(),
                 {{"bid", q.bid.to_string()},
                  {"ask", q.ask.to_string()},
                  {"bid_size", q.bid_size.to_string()},
                  {"ask_size", q.ask_size.to_string()}},
                 q.time);
}

void Publisher::trade(const Tick& t) {
    hub_.publish(Topic::quotes, t.symbol.str(),
                 {{"last", t.price.to_string()}, {"last_size", t.size.to_string()}}, t.time);
}

void Publisher::bar(const Bar& b) {
    hub_.publish(Topic::bars, b.symbol.str(),
                 {{"timeframe", to_string(b.timeframe)},
                  {"start", format_iso_micros(b.start)},
                  {"open", b.open.to_string()},
                  {"high", b.high.to_string()},
                  {"low", b.low.to_string()},
                  {"close", b.close.to_string()},
                  {"volume", b.volume.to_string()},
                  {"partial", b.partial}},
                 b.start);
}

void Publisher::features(const Symbol& s, Timeframe tf, Timestamp bar_start, const nlohmann::json& values) {
    hub_.publish(
        Topic::features, s.str(),
        {{"timeframe", to_string(tf)}, {"bar_start", format_iso_micros(bar_start)}, {"values", values}},
        bar_start);
}

void Publisher::signal(const Symbol& s, Timestamp t, const std::string& strategy,
                       const std::string& direction, double strength) {
    hub_.publish(Topic::signals, s.str(),
                 {{"strategy", strategy}, {"direction", direction}, {"strength", strength}}, t);
}

void Publisher::order(const Order& o, OrderStatus status, Timestamp t, const std::string& note) {
    nlohmann::json d{
        {"client_id", o.client_id}, {"side", to_string(o.side)},          {"type", to_string(o.type)},
        {"tif", to_string(o.tif)},  {"quantity", o.quantity.to_string()}, {"status", to_string(status)},
        {"strategy", o.strategy}};
    if (o.limit) d["limit"] = o.limit->to_string();
    if (o.stop) d["stop"] = o.stop->to_string();
    if (!note.empty()) d["note"] = note;
    hub_.publish(Topic::orders, o.symbol.str(), std::move(d), t);
}

void Publisher::fill(const Fill& f) {
    hub_.publish(Topic::fills, f.symbol.str(),
                 {{"client_id", f.client_id},
                  {"exec_id", f.exec_id},
                  {"side", to_string(f.side)},
                  {"quantity", f.quantity.to_string()},
                  {"price", f.price.to_string()},
                  {"commission", f.commission.to_string()}},
                 f.time);
}

void Publisher::position(const Position& p, Price mark, Timestamp t) {
    hub_.publish(Topic::positions, p.symbol.str(),
                 {{"quantity", p.quantity.to_string()},
                  {"average_cost", p.average_cost.to_string()},
                  {"mark", mark.to_string()},
                  {"market_value", p.market_value(mark).to_string()},
                  {"unrealized_pnl", p.unrealized_pnl(mark).to_string()},
                  {"realized_pnl", p.realized_pnl.to_string()}},
                 t);
}

void Publisher::equity(Timestamp t, Money equity, Money cash, double drawdown) {
    hub_.publish(Topic::equity, "",
                 {{"equity", equity.to_string()}, {"cash", cash.to_string()}, {"drawdown", drawdown}}, t);
}

void Publisher::risk(Timestamp t, nlohmann::json snapshot) {
    hub_.publish(Topic::risk, "", std::move(snapshot), t);
}
void Publisher::health(Timestamp t, nlohmann::json snapshot) {
    hub_.publish(Topic::health, "", std::move(snapshot), t);
}

}  // namespace robo::web
