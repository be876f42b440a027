#include "robo/web/session_monitor.hpp"

namespace robo::web {

SessionMonitor::SessionMonitor(engine::Mode mode, FeedWatchOptions feeds)
    : mode_(mode),
      feeds_(feeds),
      look_every_(std::max<Duration>(feeds.stall_after / 4, std::chrono::seconds(1))) {}

void SessionMonitor::set_alerts(EngineAlerts* alerts) {
    alerts_ = alerts;
    if (alerts) observers_.insert(observers_.begin(), alerts);
}

Timestamp SessionMonitor::clock() const {
    const bool data_time = mode_ == engine::Mode::backtest || mode_ == engine::Mode::replay;
    return data_time ? last_data_ : wall_now();
}

void SessionMonitor::report(std::vector<FeedStall>& stalls) {
    if (alerts_)
        for (const auto& s : stalls) alerts_->on_feed_stall(s);
    stalls.clear();
}

void SessionMonitor::look_for_stalls(Timestamp now) {
    last_look_ = now;
    feeds_.check(now, stalls_);
    report(stalls_);
}

void SessionMonitor::on_market(const engine::MarketEvent& ev) {
    last_data_ = ev.time;
    feeds_.on_event(ev, clock(), stalls_);
    if (!stalls_.empty()) report(stalls_);
    for (auto* o : observers_) o->on_market(ev);
}

void SessionMonitor::on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& order) {
    for (auto* o : observers_) o->on_order_event(ev, order);
}

void SessionMonitor::on_step(Timestamp t, const exec::Portfolio& portfolio,
                             const engine::PreTradeGate& gate) {
    const Timestamp now = clock();
    if (now - last_look_ >= look_every_) look_for_stalls(now);
    for (auto* o : observers_) o->on_step(t, portfolio, gate);
}

void SessionMonitor::on_health(const engine::HealthSnapshot& health) {
    look_for_stalls(health.clock);
    for (auto* o : observers_) o->on_health(health);
}

void SessionMonitor::on_state(engine::EngineState from, engine::EngineState to, Timestamp t) {
    for (auto* o : observers_) o->on_state(from, to, t);
}

void SessionMonitor::on_broker_connection(std::string_view broker, exec::BrokerConnection from,
                                          exec::BrokerConnection to, Timestamp t) {
    for (auto* o : observers_) o->on_broker_connection(broker, from, to, t);
}

void SessionMonitor::on_kill_switch(const std::string& state, Timestamp t) {
    for (auto* o : observers_) o->on_kill_switch(state, t);
}

}  // namespace robo::web
