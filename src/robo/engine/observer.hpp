// engine/observer.hpp — what watches a session from the side: the observer interface the
// dashboard, the alerts and the store's recorder implement, and the values it passes (the
// engine's mode and state, its health). Kept apart from engine.hpp so that an observer does
// not compile the engine's whole loop (trader, strategies, order routing) along with it.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "robo/core/time.hpp"
#include "robo/engine/feed.hpp"
#include "robo/engine/position_check.hpp"
#include "robo/exec/broker.hpp"
#include "robo/exec/order_manager.hpp"
#include "robo/exec/portfolio.hpp"

namespace robo::engine {

class PreTradeGate;  // engine/pre_trade.hpp

enum class Mode : uint8_t { backtest, replay, paper, live };
enum class EngineState : uint8_t { initializing, ready, running, paused, stopping, stopped, error };
std::string_view to_string(Mode m) noexcept;
std::string_view to_string(EngineState s) noexcept;

// Why a run ended, for code that acts on it (the recording's status, exit codes); the
// summary's stop_reason is the same in words for people.
enum class StopCause : uint8_t { none, end_of_data, requested, signal, error };
std::string_view to_string(StopCause c) noexcept;
bool parse_mode(std::string_view text, Mode& out) noexcept;

struct HealthSnapshot {
    EngineState state = EngineState::initializing;
    Mode mode = Mode::backtest;
    Timestamp clock;
    double loop_lag_ms = 0;    // how late the last health tick ran
    long feed_remaining = -1;  // events queued in the feed (-1 unknown)
    size_t broker_events_pending = 0;
    size_t working_orders = 0;
    size_t timers_pending = 0;
    uint64_t events = 0;
    double events_per_second = 0;                      // wall-clock rate since start
    Duration max_staleness{};                          // data time since the stalest symbol's last data
    std::vector<std::pair<Symbol, Duration>> stalest;  // up to 5
    std::string broker;                                // "paper: connected"
    exec::BrokerConnection broker_connection = exec::BrokerConnection::connected;
    std::string kill_switch;
    std::string positions;       // the last reconciliation with the broker: "equal", "suspect: ..."
    std::string orders_held;     // "" or what holds orders back (Trader::hold_state)
    std::vector<Symbol> parked;  // symbols parked after repeated broker rejections
    FeedStatus feed;             // the feed's own status (Feed::status); empty for files
    nlohmann::json to_json() const;
};

// Watches a session from the side (the dashboard, recorders). Called on the engine's
// thread, in the engine's order, after the engine has acted; must never block (hand the
// work to another thread, as web::Publisher does).
class EngineObserver {
public:
    virtual ~EngineObserver() = default;
    virtual void on_market(const MarketEvent&) {}
    virtual void on_order_event(const exec::BrokerEvent&, const exec::ManagedOrder&) {}
    // After every step of data time: the ledger is marked and its equity recorded.
    virtual void on_step(Timestamp, const exec::Portfolio&, const PreTradeGate&) {}
    virtual void on_health(const HealthSnapshot&) {}
    // The engine's state changed (initializing -> ready -> running <-> paused -> ...).
    virtual void on_state(EngineState /*from*/, EngineState /*to*/, Timestamp) {}
    // The broker's connection changed; looked at after every poll of the broker and at
    // every health tick, so a silent live session still notices.
    virtual void on_broker_connection(std::string_view /*broker*/, exec::BrokerConnection /*from*/,
                                      exec::BrokerConnection /*to*/, Timestamp) {}
    // The kill switch tripped (once per trip), after the engine cancelled working orders.
    virtual void on_kill_switch(const std::string& /*state*/, Timestamp) {}
    // The broker's positions were compared with the ledger (after connecting or reconnecting).
    virtual void on_positions_checked(const PositionVerdict&, Timestamp) {}
};

}  // namespace robo::engine
