// The full risk gate (robo::risk) in the engine's seat: refusals reach the audit trail with
// their kind, and a tripped kill switch resets at the next day when no operator exists.
#include <gtest/gtest.h>

#include "engine/fixtures.hpp"
#include "robo/engine/risk_gate_adapter.hpp"
#include "robo/log/memory_audit_sink.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {
struct RiskRig {
    explicit RiskRig(risk::RiskLimits limits, ScriptedStrategy::Script script, double position_fraction = 0.5)
        : rig(std::move(script), {.trader = Rig::sized_at(position_fraction),
                                  .configure =
                                      [limits](SessionConfig& c) {
                                          c.use_risk_gate = true;
                                          c.risk.limits = limits;
                                          c.risk.check_market_hours = false;  // daily bars
                                      }}),
          audit(rig.audit),
          orders(rig.orders),
          portfolio(rig.portfolio),
          gate(&dynamic_cast<RiskGateAdapter&>(rig.gate)),
          trader(&rig.trader) {}
    RunSummary run(VectorFeed& feed) { return rig.run(feed); }
    size_t audited(std::string_view kind) const { return rig.audited(kind); }

    Rig rig;
    const log::MemoryAuditSink& audit;
    exec::OrderManager& orders;
    exec::Portfolio& portfolio;
    RiskGateAdapter* gate;
    Trader* trader;
};

risk::RiskLimits roomy() {
    risk::RiskLimits l;
    l.max_position_pct = 0.1;
    l.max_position_notional = Money::from_units(1'000'000);
    l.max_order_notional = Money::from_units(1'000'000);
    l.max_daily_notional = Money::from_units(10'000'000);
    l.min_volume = 0;
    l.correlation_limit = 1.0;
    l.max_sector_exposure = 1.0;
    return l;
}
}  // namespace

TEST(RiskGateAdapter, OrderAboveThePositionLimitIsRefusedAndAudited) {
    RiskRig rig(
        roomy(), [](strategy::Context& ctx, const Bar& bar, int) { ctx.signal(want(bar, Direction::long_)); },
        0.5);  // half of equity: five times the 10% position limit
    VectorFeed feed;
    for (int i = 0; i < 3; ++i) feed.add(daily("AAA", i, "10", "11", "9", "10"));
    feed.seal();
    rig.run(feed);
    EXPECT_EQ(rig.orders.size(), 0u);
    EXPECT_EQ(rig.trader->stats().gate_refusals, 1);
    EXPECT_NE(rig.gate->refusal_summary().find("position_size"), std::string::npos)
        << rig.gate->refusal_summary();
    EXPECT_GE(rig.audited("risk_rejected"), 1u);
}

TEST(RiskGateAdapter, OrderWithinTheLimitsPassesAndFills) {
    RiskRig rig(
        roomy(), [](strategy::Context& ctx, const Bar& bar, int) { ctx.signal(want(bar, Direction::long_)); },
        0.05);
    VectorFeed feed;
    for (int i = 0; i < 3; ++i) feed.add(daily("AAA", i, "10", "11", "9", "10"));
    feed.seal();
    rig.run(feed);
    EXPECT_EQ(rig.portfolio.quantity(Symbol("AAA")), Quantity::from_units(500));  // 5% of 100000 at 10
    EXPECT_EQ(rig.trader->stats().gate_refusals, 0);
}

TEST(RiskGateAdapter, DailyLossTripsTheKillSwitchWhichResetsTheNextDayWithoutAnOperator) {
    auto limits = roomy();
    limits.max_daily_loss_pct = 0.01;
    RiskRig rig(
        limits, [](strategy::Context& ctx, const Bar& bar, int) { ctx.signal(want(bar, Direction::long_)); },
        0.1);
    VectorFeed feed;
    feed.add(daily("AAA", 0, "100", "100", "100", "100"));
    feed.add(daily("AAA", 1, "100", "100", "80", "80"));  // bought at 100, marked at 80: -2% of equity
    feed.add(daily("AAA", 2, "80", "81", "79", "80"));
    feed.add(daily("AAA", 3, "80", "81", "79", "80"));
    feed.seal();
    rig.run(feed);
    EXPECT_EQ(rig.gate->trips(), 1);
    EXPECT_EQ(rig.gate->kill_switch_state().substr(0, 5), "armed");  // reset on the next day
    bool reset_audited = false;
    for (const auto& e : rig.audit.entries)
        if (e.fields.dump().find("no operator in a simulated session") != std::string::npos)
            reset_audited = true;
    EXPECT_TRUE(reset_audited);
}
