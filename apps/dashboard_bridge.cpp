#include "dashboard_bridge.hpp"

#include "robo/log/log.hpp"

namespace robo::apps {

void DashboardBridge::on_market(const engine::MarketEvent& ev) {
    if (const Bar* bar = std::get_if<Bar>(&ev.data))
        pub_.bar(*bar);
    else if (const Quote* q = std::get_if<Quote>(&ev.data))
        pub_.quote(*q);
    else if (const Tick* t = std::get_if<Tick>(&ev.data))
        pub_.trade(*t);
}

void DashboardBridge::on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& order) {
    pub_.order(order.order, order.status, ev.time, order.reason);
    if (ev.kind == exec::BrokerEvent::Kind::fill) {
        pub_.fill(ev.fill);
        fill_since_slow_ = true;
    }
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
}

void DashboardBridge::on_health(const engine::HealthSnapshot& health) {
    auto j = health.to_json();
    j["healthy"] = health.state != engine::EngineState::error;
    j["mode"] = engine::to_string(mode_);
    pub_.health(health.clock, std::move(j));
}

std::string DashboardBridge::control(engine::Engine& engine, engine::PreTradeGate& gate,
                                     const std::string& action, const std::string& reason) {
    if (action == "pause") {
        engine.pause();
    } else if (action == "resume") {
        engine.resume();
    } else if (action == "trip" || action == "reset") {
        // The gate lives on the engine's thread: the action runs there, in order with data.
        engine.post([&engine, &gate, action, reason, this] {
            Timestamp now = engine.health().clock;
            std::string error =
                action == "trip" ? gate.operator_trip(reason, now) : gate.operator_reset(reason, now);
            if (!error.empty()) log::warn("web", "control_failed", {{"action", action}, {"error", error}});
            fill_since_slow_ = true;  // publish the new kill-switch state at the next step
        });
    } else {
        return "\"" + action + "\" is not available in this session";
    }
    return {};
}

}  // namespace robo::apps
