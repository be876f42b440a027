#include "robo/session/dashboard_bridge.hpp"

#include "robo/log/log.hpp"

namespace robo::session {

DashboardBridge::DashboardBridge(web::Publisher& publisher, engine::Mode mode,
                                 const web::SessionMonitor* monitor, std::chrono::milliseconds throttle)
    : pub_(publisher), mode_(mode), monitor_(monitor), throttle_(throttle) {
    health_["state"] = engine::to_string(engine::EngineState::initializing);
}

void DashboardBridge::on_market(const engine::MarketEvent& ev) {
    if (const Bar* bar = std::get_if<Bar>(&ev.data))
        pub_.bar(*bar);
    else if (const Quote* q = std::get_if<Quote>(&ev.data))
        pub_.quote(*q);
    else if (const Tick* t = std::get_if<Tick>(&ev.data))
        pub_.trade(*t);
}

void DashboardBridge::on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& order) {
    // order.order holds the current terms: after `modified`, the new ones.
    std::string note = order.reason;
    if (ev.kind == exec::BrokerEvent::Kind::modified)
        note = "modified";
    else if (ev.kind == exec::BrokerEvent::Kind::modify_rejected)
        note = "modification refused: " + ev.reason;
    pub_.order(order.order, order.status, ev.time, note);
    if (ev.kind == exec::BrokerEvent::Kind::fill) {
        pub_.fill(ev.fill);
        fill_since_slow_ = true;
    }
}

void DashboardBridge::publish_health(Timestamp t) {
    health_["healthy"] =
        state_.load() != engine::EngineState::error && connection_ != exec::BrokerConnection::disconnected;
    health_["mode"] = engine::to_string(mode_);
    if (monitor_) {
        const Timestamp now = monitor_->clock();
        health_["feeds"] = monitor_->feeds().to_json(now);
        health_["feeds_stalled"] = monitor_->feeds().stalled();
    }
    pub_.health(t, health_);
}

void DashboardBridge::on_step(Timestamp t, const exec::Portfolio& portfolio,
                              const engine::PreTradeGate& gate) {
    Money equity = portfolio.equity();
    if (equity > peak_) peak_ = equity;
    double drawdown = peak_.is_positive() ? ratio(peak_ - equity, peak_) : 0.0;
    pub_.equity(t, equity, portfolio.cash(), drawdown);
    auto now = std::chrono::steady_clock::now();
    if (!fill_since_slow_ && now - last_slow_ < throttle_) return;
    last_slow_ = now;
    fill_since_slow_ = false;
    for (const auto& book : portfolio.books()) {
        Position p = book.as_position();
        pub_.position(p, book.marked ? book.mark : p.average_cost, t);
    }
    pub_.risk(t, gate.risk_json(t));
    publish_health(t);
}

void DashboardBridge::on_health(const engine::HealthSnapshot& health) {
    health_ = health.to_json();
    state_ = health.state;
    connection_ = health.broker_connection;
    publish_health(health.clock);
}

void DashboardBridge::on_state(engine::EngineState, engine::EngineState to, Timestamp t) {
    state_ = to;
    health_["state"] = engine::to_string(to);
    publish_health(t);
}

void DashboardBridge::on_broker_connection(std::string_view broker, exec::BrokerConnection,
                                           exec::BrokerConnection to, Timestamp t) {
    connection_ = to;
    health_["broker"] = std::string(broker) + ": " + std::string(exec::to_string(to));
    publish_health(t);
}

void DashboardBridge::on_kill_switch(const std::string& state, Timestamp) {
    health_["kill_switch"] = state;
    fill_since_slow_ = true;  // the risk gauges and the badge at this step
}

std::string DashboardBridge::control(engine::Engine& engine, engine::PreTradeGate& gate,
                                     const std::string& action, const std::string& reason) {
    const auto state = state_.load();
    if (state == engine::EngineState::stopping || state == engine::EngineState::stopped ||
        state == engine::EngineState::error)
        return "the session is " + std::string(engine::to_string(state)) + ": nothing to act on";
    if (action == "pause") {
        engine.pause();
    } else if (action == "resume") {
        engine.resume();
    } else if (action == "flatten") {
        // Cancels working orders and closes every position through the trader and the gate,
        // on the engine's thread; the result is audited ("flatten") and the orders stream.
        engine.flatten(reason.empty() ? "operator flatten" : reason);
    } else if (action == "trip" || action == "reset") {
        // The gate lives on the engine's thread: the action runs there, in order with data.
        engine.post([&engine, &gate, action, reason, this] {
            Timestamp now = engine.health().clock;
            std::string error =
                action == "trip" ? gate.operator_trip(reason, now) : gate.operator_reset(reason, now);
            if (!error.empty()) log::warn("web", "control_failed", {{"action", action}, {"error", error}});
            pub_.risk(now, gate.risk_json(now));  // at once, also when paused
            health_["kill_switch"] = gate.kill_switch_state();
            publish_health(now);
        });
    } else {
        return "\"" + action + "\" is not available in this session";
    }
    return {};
}

}  // namespace robo::session
