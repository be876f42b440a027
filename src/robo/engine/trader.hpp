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
// Attribution: every order the trader sends belongs to the strategies that decided its
// wish (Wish::strategies; a protective stop to its entry's); owners() answers the engine,
// which gives each fill to them alone. Kelly credits a round trip to the first of them.
// Positions that strategies hold through their own orders (engine/strategy_orders.hpp)
// are not the trader's: it acts on the account's position less theirs.
//
// Broker rejections never loop: after a rejection (or a refusal by the broker's client,
// e.g. 504) the symbol sends nothing for retry_initial, doubling after each further
// rejection up to retry_max, on the engine's clock (data time in backtests and replays);
// an exit is then retried, an entry waits for the strategies to change their mind. The
// retry_budget-th rejection of a symbol for one reason (the text before its first ':',
// e.g. "201"), with no fill in between, parks the symbol: no more orders for it, exits
// included, the kill switch trips (trigger "broker_rejections", the symbol and the reason
// named) and `symbol_parked` is audited (the alert) with the operator's action. Resetting
// the kill switch (the dashboard's control, or the next New York day in a simulated
// session) unparks every parked symbol.
// States that hold orders back are audited once per change (`orders_held_back`, then
// `orders_resumed` with how many wishes waited), never once per wish: the broker's
// hold_reason() (not connected, 1100) holds every order; a tripped kill switch holds
// entries (exits still go). Held wishes are reviewed when the state clears.
#pragma once
#include <functional>
#include <map>
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
    // After a broker rejection: wait retry_initial, doubling per rejection up to retry_max;
    // the retry_budget-th rejection for one reason parks the symbol.
    Duration retry_initial = std::chrono::seconds(1);
    Duration retry_max = std::chrono::seconds(60);
    int retry_budget = 5;
};

struct TraderStats {
    int64_t orders = 0, gate_refusals = 0, broker_rejections = 0, zero_size = 0, stops_placed = 0,
            stop_outs = 0;
    int64_t stop_moves_requested = 0, stops_moved = 0, stop_move_refusals = 0, stop_move_rejections = 0;
    // Retries scheduled after broker rejections, symbols parked, wishes held back by a
    // state (broker not taking orders, kill switch) and changes of such states.
    int64_t retries = 0, parked = 0, held_back = 0, hold_changes = 0;
    // Entries sized below what the method asked, by a cap (ATR or Kelly bound by the
    // position limit, a notional cap or the buying power); entries a Kelly sizer refused
    // for want of edge; orders that expired because the data had no volume to fill on.
    int64_t sizes_capped = 0, kelly_no_edge = 0, expired_without_volume = 0;
    std::map<std::string, int64_t> caps;  // "capped at max_position_pct" -> entries
};

// A symbol that takes no orders until an operator resets the kill switch.
struct ParkedSymbol {
    Symbol symbol;
    std::string reason;  // the last rejection's text
    int rejections = 0;
    Timestamp since{};
};

// What an operator does about a parked symbol (audited with it, posted in the alert).
inline constexpr const char* kUnparkAction =
    "look at the broker's reason and the position (close it by hand at the broker if it must "
    "go), then reset the kill switch with a reason (the dashboard's kill-switch reset, or "
    "`robo_trader risk reset --reason ...`, which a session through a broker adopts within a "
    "second): that unparks every parked symbol";

// How a strategy that Kelly sizing finds without edge can trade again (audited with
// `kelly_no_edge`, once per strategy and session).
inline constexpr const char* kKellyRecovery =
    "Kelly gives no capital while the strategy's own closed trades show no edge (win rate W and payoff R "
    "with W - (1 - W) / R <= 0); with no new trades its statistics cannot change, so it stays out for the "
    "rest of the session. To trade it again: size it fixed or ATR (--sizing fixed|atr), or start a new "
    "session (the statistics are the session's own, and the bootstrap sizes fixed until "
    "RISK_KELLY_MIN_TRADES trades)";

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
    // The same, plus symbols whose retry is due at `now` and those whose wishes waited for
    // a state that has cleared (the engine calls this before every review).
    void take_reviews(std::vector<Symbol>& out, Timestamp now);
    // Looks at the states that hold orders back; audits and logs each change once.
    void refresh_hold(Timestamp now);
    // The strategies an order was sent for (empty: none, e.g. an operator's flatten).
    const std::vector<strategy::StrategyId>& owners(const std::string& client_id) const;
    // What other parts of the session hold in a symbol through their own orders; the
    // trader's position is the account's less that. Default: nothing.
    void set_held_elsewhere(std::function<Quantity(Symbol)> held) { held_elsewhere_ = std::move(held); }
    // Cancels every working order (shutdown, kill switch).
    void cancel_all(Timestamp now, std::string_view reason);
    FlattenResult flatten(Timestamp now, std::string_view reason);  // trader_flatten.cpp
    // The broker's positions compared with the ledger: audited; a confirmed break trips
    // the kill switch (no new exposure until an operator resets it). trader_positions.cpp
    void on_positions_checked(const PositionVerdict& verdict, Timestamp now);

    const TraderStats& stats() const noexcept { return stats_; }
    const EntrySizer& sizer() const noexcept { return sizer_; }
    EntrySizer& sizer() noexcept { return sizer_; }
    log::AuditSink& audit() const noexcept { return audit_; }
    std::vector<ParkedSymbol> parked() const;
    // "" when orders flow; otherwise what holds them back (broker, then kill switch).
    std::string hold_state() const;

private:
    struct SymbolState {
        std::string pending;  // client id of the working entry or exit
        bool pending_is_entry = false;
        std::optional<Price> entry_stop;
        std::string stop_order;                                    // client id of the working protective stop
        strategy::Direction hold_off = strategy::Direction::flat;  // don't retry this wish
        bool holding_off = false;
        std::optional<strategy::StrategyId> trade_owner;  // who opened the current round trip (Kelly)
        // Broker rejections since the symbol's last fill, by reason; no order before retry_at.
        std::vector<std::pair<std::string, int>> rejections;
        Timestamp retry_at{};
        bool parked = false, held = false;  // held: a wish waits for a hold to clear
        std::string parked_reason;
        Timestamp parked_since{};
    };
    // A state that holds orders back ("" when none) and the wishes it held meanwhile.
    struct Hold {
        std::string reason;
        Timestamp since{};
        int64_t wishes = 0;
    };
    void credit_closed_trades();
    void on_rejected(const exec::ManagedOrder& mo, const exec::BrokerEvent& ev, Timestamp now,
                     SymbolState& st);
    void park(Symbol symbol, SymbolState& st, const std::string& reason, int rejections, Timestamp now);
    void change_hold(Hold& h, std::string_view scope, std::string_view holds, std::string reason,
                     Timestamp now);
    void hold_wish(SymbolState& st, Hold& h);
    bool send(Order order, Price reference, Timestamp now, SymbolState& st, bool entry,
              const std::vector<strategy::StrategyId>& owners);
    Quantity held(Symbol symbol) const;
    void trail_stop(const strategy::Wish& wish, Price reference, Timestamp now, SymbolState& st);
    // Counts an entry Kelly refused for want of edge; audits it once per strategy.
    void note_no_edge(strategy::StrategyId id, const std::string& strategy, const std::string& why,
                      Timestamp now);

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
    size_t closed_seen_ = 0;       // portfolio closed trades already credited to a strategy
    std::vector<Symbol> waiting_;  // symbols with a retry scheduled
    std::vector<strategy::StrategyId> no_edge_told_;  // strategies whose want of edge was audited
    std::unordered_map<std::string, std::vector<strategy::StrategyId>> owners_;  // by client id
    std::function<Quantity(Symbol)> held_elsewhere_;
    Hold broker_hold_, kill_hold_;
};

}  // namespace robo::engine
