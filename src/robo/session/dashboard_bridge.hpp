// session/dashboard_bridge.hpp — connects a running session to the web dashboard.
//
// An EngineObserver that forwards market data, orders, fills, positions, equity, risk,
// engine state and feed health to web::Publisher (a lock-free enqueue; the web thread does
// the rest), and a control handler that hands pause, resume, kill-switch and flatten
// actions to the engine's thread. Positions, the risk snapshot and the feed-health table
// are published at most every `throttle` of wall time (and on every fill or kill-switch
// trip); the engine's state, on every change.
#pragma once
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "robo/engine/engine.hpp"
#include "robo/web/publisher.hpp"
#include "robo/web/session_monitor.hpp"

namespace robo::session {

class DashboardBridge final : public engine::EngineObserver {
public:
    DashboardBridge(web::Publisher& publisher, engine::Mode mode,
                    const web::SessionMonitor* monitor = nullptr,
                    std::chrono::milliseconds throttle = std::chrono::milliseconds(100));

    void on_market(const engine::MarketEvent& ev) override;
    void on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& order) override;
    void on_step(Timestamp t, const exec::Portfolio& portfolio, const engine::PreTradeGate& gate) override;
    void on_health(const engine::HealthSnapshot& health) override;
    void on_state(engine::EngineState from, engine::EngineState to, Timestamp t) override;
    void on_broker_connection(std::string_view broker, exec::BrokerConnection from, exec::BrokerConnection to,
                              Timestamp t) override;
    void on_kill_switch(const std::string& state, Timestamp t) override;

    // The web server's control handler: runs on the web thread, posts to the engine.
    std::string control(engine::Engine& engine, engine::PreTradeGate& gate, const std::string& action,
                        const std::string& reason);

private:
    void publish_health(Timestamp t);

    web::Publisher& pub_;
    engine::Mode mode_;
    const web::SessionMonitor* monitor_;
    std::chrono::milliseconds throttle_;
    std::chrono::steady_clock::time_point last_slow_{};
    bool fill_since_slow_ = false;
    Money peak_;
    nlohmann::json health_ = nlohmann::json::object();  // the latest engine snapshot, kept current
    // The engine's state as last reported, for the web thread's control handler.
    std::atomic<engine::EngineState> state_{engine::EngineState::initializing};
    // Health is judged on these typed values, never on the snapshot's text.
    exec::BrokerConnection connection_ = exec::BrokerConnection::connected;
};

}  // namespace robo::session
