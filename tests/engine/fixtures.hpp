// tests/engine/fixtures.hpp — scripted strategies and synthetic bars for engine tests.
#pragma once
#include <csignal>
#include <functional>
#include <memory>
#include <vector>

#include "robo/data/feed_notice.hpp"
#include "robo/engine/engine.hpp"
#include "robo/engine/session.hpp"
#include "robo/exec/paper_broker.hpp"
#include "robo/log/audit_sink.hpp"
#include "robo/log/memory_audit_sink.hpp"

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

// A feed chosen when the rig runs. The session, and the engine inside it, is built in the
// rig's constructor, before a test has made its feed; the engine reads through this slot.
class FeedSlot final : public engine::Feed {
public:
    void use(engine::Feed& feed) { feed_ = &feed; }
    bool next(engine::MarketEvent& out) override { return feed_ && feed_->next(out); }
    bool peek_time(Timestamp& out) const override { return feed_ && feed_->peek_time(out); }
    bool ended() const override { return !feed_ || feed_->ended(); }
    void set_wake(std::function<void()> wake) override {
        if (feed_) feed_->set_wake(std::move(wake));
    }
    long remaining() const override { return feed_ ? feed_->remaining() : 0; }
    std::vector<engine::FeedNotice> take_notices() override {
        return feed_ ? feed_->take_notices() : std::vector<engine::FeedNotice>{};
    }
    engine::FeedStatus status() const override { return feed_ ? feed_->status() : engine::FeedStatus{}; }

private:
    engine::Feed* feed_ = nullptr;
};

// A rig's defaults; also Rig::no_costs() and the like.
namespace rig_defaults {
inline exec::PaperBrokerConfig no_costs() {
    exec::PaperBrokerConfig c;
    c.commission = exec::CommissionPlan::none;
    c.max_volume_share_bps = 0;
    return c;
}
// Entries worth `fraction` of equity: the sizer's notional caps (RISK_MAX_ORDER_NOTIONAL,
// RISK_MAX_POSITION_NOTIONAL, which every sizing method obeys) are lifted so that only the
// fraction decides.
inline engine::TraderConfig sized_at(double fraction) {
    engine::TraderConfig t;
    t.position_fraction = fraction;
    t.sizing.limits.max_order_notional = t.sizing.limits.max_position_notional =
        Money::from_units(1'000'000'000);
    return t;
}
// No signal handlers (a test is not a process), no health ticks.
inline engine::EngineConfig quiet() {
    engine::EngineConfig c;
    c.handle_signals = false;
    c.health_interval = std::chrono::milliseconds(0);
    return c;
}
}  // namespace rig_defaults

// What a rig's session is built from, beyond the scripted strategy.
struct RigSetup {
    exec::PaperBrokerConfig broker = rig_defaults::no_costs();
    engine::TraderConfig trader = rig_defaults::sized_at(0.5);
    engine::EngineConfig engine = rig_defaults::quiet();
    // Anything else about the session: the full risk gate, features, the data's timeframes.
    std::function<void(engine::SessionConfig&)> configure;
    // Trade through this broker (the test's, alive as long as the rig) instead of the rig's
    // paper broker.
    exec::Broker* through = nullptr;
};

// One scripted strategy in a session built by engine::Session, the wiring `backtest`, `run`,
// the Python package and the research runner use: the gate (a basic one unless the setup
// asks for the full risk gate), the trader and its sizer, the ledger and the engine. The
// parts are the session's own, named here for the tests to read and drive.
struct Rig {
    explicit Rig(ScriptedStrategy::Script script, RigSetup setup = {})
        : strategy_(std::make_shared<ScriptedStrategy>(std::move(script))),
          session_(make_session(strategy_, setup, audit, slot)),
          session(*session_),
          orders(session.orders()),
          broker(session.paper_broker() ? *session.paper_broker()
                                        : *(spare_ = std::make_unique<exec::PaperBroker>(setup.broker))),
          portfolio(session.portfolio()),
          manager(session.strategies()),
          gate(session.gate()),
          trader(session.trader()) {}
    Rig(ScriptedStrategy::Script script, exec::PaperBrokerConfig broker_config,
        engine::TraderConfig trader_config = half_equity())
        : Rig(std::move(script), RigSetup{.broker = broker_config, .trader = trader_config}) {}

    static exec::PaperBrokerConfig no_costs() { return rig_defaults::no_costs(); }
    static engine::TraderConfig half_equity() { return rig_defaults::sized_at(0.5); }
    static engine::TraderConfig sized_at(double fraction) { return rig_defaults::sized_at(fraction); }
    static engine::EngineConfig quiet() { return rig_defaults::quiet(); }

    engine::RunSummary run(engine::Feed& feed) {
        slot.use(feed);
        return session.run();
    }
    engine::Engine& engine() { return session.engine(); }
    ScriptedStrategy& strategy() { return *strategy_; }
    // The basic gate a default rig's session has, to trip and reset by hand.
    engine::BasicGate& basic_gate() { return dynamic_cast<engine::BasicGate&>(gate); }
    size_t audited(std::string_view kind) const {
        size_t n = 0;
        for (const auto& e : audit.entries) n += e.kind == kind;
        return n;
    }
    const log::MemoryAuditSink::Entry* find(std::string_view kind) const {
        for (const auto& e : audit.entries)
            if (e.kind == kind) return &e;
        return nullptr;
    }

    log::MemoryAuditSink audit;
    FeedSlot slot;

private:
    std::shared_ptr<ScriptedStrategy> strategy_;  // in the session unless RigSetup::configure took it out
    std::unique_ptr<exec::PaperBroker>
        spare_;  // rig.broker when the session trades through the test's broker
    std::unique_ptr<engine::Session> session_;

public:
    engine::Session& session;
    exec::OrderManager& orders;
    exec::PaperBroker& broker;  // the session's paper broker (a spare one with RigSetup::through)
    exec::Portfolio& portfolio;
    strategy::Manager& manager;
    engine::PreTradeGate& gate;
    engine::Trader& trader;

private:
    static std::unique_ptr<engine::Session> make_session(std::shared_ptr<ScriptedStrategy> strategy,
                                                         const RigSetup& setup, log::MemoryAuditSink& audit,
                                                         FeedSlot& slot) {
        engine::SessionConfig c;
        c.engine = setup.engine;
        c.broker = setup.broker;
        c.trader = setup.trader;
        c.gate = engine::BasicGateLimits{1.0, 1.0, false};
        // Client ids "t-1", ...; not `= "t"`, which gcc 12 at -O3 misreads as an overlapping
        // memcpy here (-Wrestrict, an error under -Werror).
        c.session_id.assign(1, 't');
        c.strategy_objects.push_back({std::move(strategy), 1.0, std::nullopt});
        if (setup.configure) setup.configure(c);
        if (setup.through)
            return std::make_unique<engine::Session>(std::move(c), slot, audit, *setup.through);
        return std::make_unique<engine::Session>(std::move(c), slot, audit);
    }
};

}  // namespace robo::test
