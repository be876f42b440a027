// apps/dashboard_bridge.hpp — connects a running session to the web dashboard.
//
// An EngineObserver that forwards market data, orders, fills, positions, equity, risk and
// health to web::Publisher (a lock-free enqueue; the web thread does the rest), and a
// control handler that hands pause, resume and kill-switch actions to the engine's thread.
// Positions and the risk snapshot are published at most every `throttle` of wall time
// (and on every fill), so a fast replay does not spend its time building JSON.
#pragma once
#include <chrono>
#include <string>

#include "robo/engine/engine.hpp"
#include "robo/web/publisher.hpp"

namespace robo::apps {

class DashboardBridge final : public engine::EngineObserver {
public:
    DashboardBridge(web::Publisher& publisher, engine::Mode mode,
                    std::chrono::milliseconds throttle = std::chrono::milliseconds(100))
        : pub_(publisher), mode_(mode), throttle_(throttle) {}

    void on_market(const engine::MarketEvent& ev) override;
    void on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& order) override;
    void on_step(Timestamp t, const exec::Portfolio& portfolio, const engine::PreTradeGate& gate) override;
    void on_health(const engine::HealthSnapshot& health) override;

    // The web server's control handler: runs on the web thread, posts to the engine.
    std::string control(engine::Engine& engine, engine::PreTradeGate& gate, const std::string& action,
                        const std::string& reason);

private:
    web::Publisher& pub_;
    engine::Mode mode_;
    std::chrono::milliseconds throttle_;
    std::chrono::steady_clock::time_point last_slow_{};
    bool fill_since_slow_ = false;
    Money peak_;
};

}  // namespace robo::apps
