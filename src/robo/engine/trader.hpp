// engine/trader.hpp — turns the strategy manager's wishes into orders: sizing, the
// pre-trade gate, the order manager and the broker, in that order, for every order.
//
// One order at a time per symbol: while an entry or exit is working, a new wish waits
// and is reviewed when the order ends. Entries are market orders (DAY); a wish with a
// protective stop gets a GTC stop order for the filled quantity once the entry is done,
// cancelled when the position is exited. After a stop-out, or a refusal by the gate or
// the broker, the same wish is not retried until the strategies change their mind (no
// order storms). A flip (long to short) is an exit, then an entry. Entries are sized by
// the EntrySizer (fixed, ATR or Kelly); an ATR size's assumed stop becomes the protective
// stop when the strategy gave none, so the risk the size assumed is the risk taken.
// Trailing: while a position is held with a working protective stop and the wish for the
// held direction carries a tighter stop (higher for a long, lower for a short), the stop
// order is modified to it through the gate (trail_stops; once the broker has acknowledged
// the stop, one modification at a time, the next waiting for the broker's answer; the gate
// counts each as an order). A stop never moves against the position, nor to or through the
// last price (it would trigger at once: exits are the strategies' call).
// Every refusal is on the audit trail with its reason. Never fills anything itself.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "robo/engine/entry_sizer.hpp"
#include "robo/engine/position_check.hpp"
#include "robo/engine/pre_trade.hpp"
#include "robo/exec/broker.hpp"
#include "robo/exec/order_manager.hpp"
#include "robo/exec/portfolio.hpp"
#include "robo/log/audit_sink.hpp"
#include "robo/strategy/manager.hpp"

namespace robo::engine {

struct TraderConfig {
    double position_fraction = 0.02;  // of equity per new position (the cap for atr and kelly)
    SizingConfig sizing;              // fixed, atr or kelly (entry_sizer.hpp)
    TimeInForce entry_tif = TimeInForce::day;
    bool protective_stops = true;
    bool trail_stops = true;  // tighten a working protective stop when the wish's stop tightens
};

struct TraderStats {
    int64_t orders = 0, gate_refusals = 0, broker_rejections = 0, zero_size = 0, stops_placed = 0,
            stop_outs = 0;
    int64_t stop_moves_requested = 0, stops_moved = 0, stop_move_refusals = 0, stop_move_rejections = 0;
};

// What an operator's flatten did (trader_flatten.cpp); refusals' reasons are audited.
struct FlattenResult {
    int cancelled = 0, exits_sent = 0, exits_working = 0, refused = 0;
    std::vector<std::string> refused_symbols;
};

class Trader {
public:
    Trader(TraderConfig config, exec::OrderManager& orders, exec::Broker& broker, exec::Portfolio& portfolio,
           PreTradeGate& gate, log::AuditSink& audit);

    // A closed bar the strategies are about to see (ATR for sizing).
    void on_bar(const Bar& bar) { sizer_.on_bar(bar); }
    // Acts on a wish at the reference price (the last price of the symbol).
    void on_wish(const strategy::Wish& wish, Price reference, Timestamp now);
    // Follows an order event that the order manager has already applied.
    void on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& order, Timestamp now);
    // Symbols whose wish should be looked at again (an order of theirs ended).
    void take_reviews(std::vector<Symbol>& out);
    // Cancels every working order (shutdown, kill switch).
    void cancel_all(Timestamp now, std::string_view reason);
    FlattenResult flatten(Timestamp now, std::string_view reason);  // trader_flatten.cpp
    // The broker's positions compared with the ledger: audited; a confirmed break trips
    // the kill switch (no new exposure until an operator resets it). trader_positions.cpp
    void on_positions_checked(const PositionVerdict& verdict, Timestamp now);

    const TraderStats& stats() const noexcept { return stats_; }
    const EntrySizer& sizer() const noexcept { return sizer_; }

private:
    struct SymbolState {
        std::string pending;  // client id of the working entry or exit
        bool pending_is_entry = false;
        std::optional<Price> entry_stop;
        std::string stop_order;                                    // client id of the working protective stop
        strategy::Direction hold_off = strategy::Direction::flat;  // don't retry this wish
        bool holding_off = false;
        std::string trade_strategy;  // who opened the current round trip (Kelly statistics)
    };
    void credit_closed_trades();
    bool send(Order order, Price reference, Timestamp now, SymbolState& st, bool entry);
    void trail_stop(const strategy::Wish& wish, Price reference, Timestamp now, SymbolState& st);

    TraderConfig config_;
    exec::OrderManager& orders_;
    exec::Broker& broker_;
    exec::Portfolio& portfolio_;
    PreTradeGate& gate_;
    log::AuditSink& audit_;
    std::unordered_map<Symbol, SymbolState> states_;
    std::vector<Symbol> reviews_;
    TraderStats stats_;
    EntrySizer sizer_;
    size_t closed_seen_ = 0;  // portfolio closed trades already credited to a strategy
};

}  // namespace robo::engine
