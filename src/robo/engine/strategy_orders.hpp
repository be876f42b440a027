// engine/strategy_orders.hpp — the orders strategies place themselves (Context::submit):
// validation, sizing, the risk gate, the order manager and the broker, in that order, and
// the events of each order back to the strategy that placed it, and to no other.
//
// Every order passes the same gate as the trader's (PreTradeGate::check against the last
// price of its symbol). A request without a quantity is sized by the trader's EntrySizer
// (fixed, ATR or Kelly on this strategy's own round trips). A refusal — a malformed
// request, a symbol with no price yet, a zero size, the gate — is a `rejected` event with
// the reason (queued: delivered after the strategy's callback returns), audited like the
// trader's refusals; nothing here throws on the trading path.
// Brackets are kept here, for every broker alike: when the entry has ended with something
// filled (or filled completely), a stop-loss (stop) and a take-profit (limit), GTC, close
// the filled quantity; when one leg fills completely the other is cancelled, when it fills
// in part the other is reduced to what is still open. Cancelling an entry cancels what of
// its bracket still works.
// A strategy that places more than kMaxOrdersPerStep orders in one step (a time slice or a
// timer) has the rest refused: a strategy that answers every refusal with a new order
// cannot spin the engine.
// Each strategy's own position per symbol is the sum of its orders' fills; a round trip
// of it (back to flat) is credited to the strategy for Kelly sizing. The trader leaves
// these positions alone (Trader::set_held_elsewhere).
#pragma once
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "robo/engine/entry_sizer.hpp"
#include "robo/engine/pre_trade.hpp"
#include "robo/exec/broker.hpp"
#include "robo/exec/order_manager.hpp"
#include "robo/exec/portfolio.hpp"
#include "robo/log/audit_sink.hpp"
#include "robo/strategy/orders.hpp"

namespace robo::engine {

inline constexpr int kMaxOrdersPerStep = 1000;

struct StrategyOrderStats {
    int64_t submitted = 0, refused = 0, brackets = 0, legs_placed = 0, oco_cancels = 0;
};

class StrategyOrders {
public:
    StrategyOrders(exec::OrderManager& orders, exec::Broker& broker, exec::Portfolio& portfolio,
                   PreTradeGate& gate, EntrySizer& sizer, log::AuditSink& audit);

    // `reference`: the symbol's last price (none yet: the order is refused). `name` is the
    // strategy's, for client ids and the audit trail.
    strategy::OrderId submit(strategy::StrategyId who, std::string_view name,
                             const strategy::OrderRequest& request, Price reference, Timestamp now);
    // A request refused before anything looks at it (the engine's: warm-up, stopping).
    strategy::OrderId refuse_request(strategy::StrategyId who, std::string_view name,
                                     const strategy::OrderRequest& request, std::string reason,
                                     Timestamp now);
    bool cancel(strategy::StrategyId who, strategy::OrderId id, Timestamp now);
    bool modify(strategy::StrategyId who, strategy::OrderId id, const strategy::OrderChange& change,
                Price reference, Timestamp now);

    // A broker event the order manager has applied. False when the order is not a
    // strategy's own (the trader's).
    bool on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& mo, Price reference,
                        Timestamp now);
    // Events for strategies, in the order they happened; the engine delivers them.
    void take_notices(std::vector<std::pair<strategy::StrategyId, strategy::OrderEvent>>& out);

    std::optional<strategy::StrategyId> owner(const std::string& client_id) const;
    // The symbol of one of `who`'s orders.
    std::optional<Symbol> symbol_of(strategy::StrategyId who, strategy::OrderId id) const;
    // A new step of the session (a time slice, a timer): the per-step order count restarts.
    void begin_step() { step_orders_.clear(); }
    Quantity own_position(strategy::StrategyId who, Symbol symbol) const;
    // Every strategy's own position in a symbol together.
    Quantity held(Symbol symbol) const;
    const StrategyOrderStats& stats() const noexcept { return stats_; }

private:
    struct Tracked {
        strategy::OrderId id = 0;
        strategy::StrategyId owner = 0;
        std::string name;       // the strategy's
        std::string client_id;  // empty when refused before reaching the order manager
        strategy::OrderRole role = strategy::OrderRole::single;
        strategy::OrderId parent = 0;  // a leg's entry
        std::optional<Price> stop_loss, take_profit;
        strategy::OrderId stop_leg = 0, profit_leg = 0;  // an entry's legs, once placed
        bool legs_placed = false;
        bool ended = false;
    };
    struct Book {  // one strategy's own position in one symbol
        Quantity quantity;
        Price average;
        Money pnl;  // of the round trip under way, commissions included
        Timestamp opened{};
    };

    Tracked& track(strategy::StrategyId who, std::string_view name, strategy::OrderRole role,
                   strategy::OrderId parent);
    // Validation, the gate, the order manager and the broker; false when refused.
    bool place(Tracked& t, Order order, Price reference, Timestamp now);
    void refuse(const Tracked& t, const Order& order, std::string reason, Timestamp now);
    void place_legs(Tracked& entry, const exec::ManagedOrder& mo, Timestamp now);
    void one_cancels_other(const Tracked& leg, const exec::ManagedOrder& mo, Timestamp now);
    void book_fill(strategy::StrategyId who, const Fill& fill);
    strategy::OrderEvent event_of(const Tracked& t, const exec::ManagedOrder& mo) const;
    Tracked* find(strategy::StrategyId who, strategy::OrderId id);
    bool cancel_one(strategy::OrderId id, Timestamp now);

    exec::OrderManager& orders_;
    exec::Broker& broker_;
    exec::Portfolio& portfolio_;
    PreTradeGate& gate_;
    EntrySizer& sizer_;
    log::AuditSink& audit_;
    std::deque<Tracked> tracked_;  // id - 1; stable addresses
    std::unordered_map<std::string, strategy::OrderId> by_client_;
    std::map<std::pair<strategy::StrategyId, Symbol>, Book> books_;
    std::unordered_map<Symbol, Quantity> held_;
    std::vector<std::pair<strategy::StrategyId, strategy::OrderEvent>> notices_;
    std::unordered_map<strategy::StrategyId, int> step_orders_;
    StrategyOrderStats stats_;
};

}  // namespace robo::engine
