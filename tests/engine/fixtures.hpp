// tests/engine/fixtures.hpp — scripted strategies and synthetic bars for engine tests.
#pragma once
#include <csignal>
#include <functional>
#include <vector>

#include "robo/engine/engine.hpp"
#include "robo/exec/paper_broker.hpp"
#include "robo/log/audit_sink.hpp"

namespace robo::test {

inline Price px(const char* t) { return Price::parse(t); }
inline Timestamp trading_day(int i) { return from_civil(2024, 1, 1) + std::chrono::days(i); }

inline Bar daily(const char* symbol, int i, const char* o, const char* h, const char* l, const char* c,
                 int64_t volume = 1'000'000) {
    return Bar{Symbol(symbol), Timeframe::day, trading_day(i), px(o),
               px(h),          px(l),          px(c),          Quantity::from_units(volume),
               false};
}

// A strategy driven by a function of (context, bar, index of the bar for its symbol).
class ScriptedStrategy final : public strategy::Strategy {
public:
    using Script = std::function<void(strategy::Context&, const Bar&, int)>;
    explicit ScriptedStrategy(Script s) : script_(std::move(s)) {}
    std::string_view name() const noexcept override { return "scripted"; }
    void on_bar(strategy::Context& ctx, const Bar& bar) override { script_(ctx, bar, count_++); }
    void on_fill(strategy::Context&, const Fill& f) override { fills.push_back(f); }
    void on_timer(strategy::Context& ctx, strategy::TimerId id) override {
        timers.push_back({id, ctx.now()});
        if (timer_script) timer_script(ctx, id);
    }
    std::vector<Fill> fills;
    std::vector<std::pair<strategy::TimerId, Timestamp>> timers;
    std::function<void(strategy::Context&, strategy::TimerId)> timer_script;  // optional

private:
    Script script_;
    int count_ = 0;
};

inline strategy::Signal want(const Bar& bar, strategy::Direction d) {
    strategy::Signal s;
    s.symbol = bar.symbol;
    s.direction = d;
    s.reason = "scripted";
    return s;
}

// Everything an engine needs, wired as a session would, around one scripted strategy.
struct Rig {
    explicit Rig(ScriptedStrategy::Script script, exec::PaperBrokerConfig broker_config = no_costs(),
                 engine::TraderConfig trader_config = half_equity())
        : orders(audit, "t"),
          broker(broker_config),
          portfolio(Money::from_units(100'000)),
          gate(engine::BasicGateLimits{1.0, 1.0, false}),
          trader(trader_config, orders, broker, portfolio, gate, audit) {
        auto s = std::make_unique<ScriptedStrategy>(std::move(script));
        strategy_ = s.get();
        manager.add(std::move(s));
    }
    static exec::PaperBrokerConfig no_costs() {
        exec::PaperBrokerConfig c;
        c.commission = exec::CommissionPlan::none;
        c.max_volume_share_bps = 0;
        return c;
    }
    static engine::TraderConfig half_equity() { return sized_at(0.5); }
    // Entries worth `fraction` of equity: the sizer's notional caps (RISK_MAX_ORDER_NOTIONAL,
    // RISK_MAX_POSITION_NOTIONAL, which every sizing method obeys) are lifted so that only the
    // fraction decides.
    static engine::TraderConfig sized_at(double fraction) {
        engine::TraderConfig t;
        t.position_fraction = fraction;
        t.sizing.limits.max_order_notional = t.sizing.limits.max_position_notional =
            Money::from_units(1'000'000'000);
        return t;
    }
    engine::EngineConfig quiet() const {
        engine::EngineConfig c;
        c.handle_signals = false;
        c.health_interval = std::chrono::milliseconds(0);
        return c;
    }
    engine::RunSummary run(engine::Feed& feed, engine::EngineConfig config) {
        engine_ =
            std::make_unique<engine::Engine>(config, feed, broker, orders, portfolio, manager, trader, gate);
        return engine_->run();
    }
    engine::RunSummary run(engine::Feed& feed) { return run(feed, quiet()); }
    ScriptedStrategy& strategy() { return *strategy_; }

    log::MemoryAuditSink audit;
    exec::OrderManager orders;
    exec::PaperBroker broker;
    exec::Portfolio portfolio;
    strategy::Manager manager;
    engine::BasicGate gate;
    engine::Trader trader;
    std::unique_ptr<engine::Engine> engine_;

private:
    ScriptedStrategy* strategy_ = nullptr;
};

}  // namespace robo::test
