// web/session_monitor.hpp — one engine observer that fans a session out to its watchers:
// the feed watch first (so the others see fresh feed health), then the alerts and any
// other observers (the dashboard bridge), in the order they were added.
//
// Feed stalls are looked for after each step of data time once a quarter of the stall
// threshold has passed since the last look, and at every health tick (which is what
// notices a silent live feed). The clock is the engine's: data time in backtest and
// replay, the wall clock in paper and live. Engine thread only; never blocks.
#pragma once
#include <vector>

#include "robo/engine/observer.hpp"
#include "robo/web/engine_alerts.hpp"
#include "robo/web/feed_watch.hpp"

namespace robo::web {

class SessionMonitor final : public engine::EngineObserver {
public:
    SessionMonitor(engine::Mode mode, FeedWatchOptions feeds = {});

    void add(engine::EngineObserver* observer) { observers_.push_back(observer); }
    // Also receives every event as an observer.
    void set_alerts(EngineAlerts* alerts);

    FeedWatch& feeds() noexcept { return feeds_; }
    const FeedWatch& feeds() const noexcept { return feeds_; }
    // The engine clock as last seen.
    Timestamp clock() const;

    void on_market(const engine::MarketEvent& ev) override;
    void on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& order) override;
    void on_step(Timestamp t, const exec::Portfolio& portfolio, const engine::PreTradeGate& gate) override;
    void on_health(const engine::HealthSnapshot& health) override;
    void on_state(engine::EngineState from, engine::EngineState to, Timestamp t) override;
    void on_broker_connection(std::string_view broker, exec::BrokerConnection from, exec::BrokerConnection to,
                              Timestamp t) override;
    void on_kill_switch(const std::string& state, Timestamp t) override;

private:
    void look_for_stalls(Timestamp now);
    void report(std::vector<FeedStall>& stalls);

    engine::Mode mode_;
    FeedWatch feeds_;
    Duration look_every_;
    EngineAlerts* alerts_ = nullptr;
    std::vector<engine::EngineObserver*> observers_;
    std::vector<FeedStall> stalls_;
    Timestamp last_data_{};
    Timestamp last_look_{};
};

}  // namespace robo::web
