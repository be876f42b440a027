// Trailing protective stops: the trader tightens the working stop order by modification
// when the strategies' stop for the held direction tightens, never loosens it, and the
// exit happens at the modified stop.
#include <gtest/gtest.h>

#include "engine/fixtures.hpp"
#include "robo/log/memory_audit_sink.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {
// Long from bar 0 with a stop 5 below each bar's close, recomputed every bar (the script
// does not ratchet: the trader must refuse to loosen).
ScriptedStrategy::Script long_with_stop_five_below_close() {
    return [](strategy::Context& ctx, const Bar& bar, int) {
        auto s = want(bar, Direction::long_);
        s.stop = bar.close - px("5");
        ctx.signal(s);
    };
}

size_t audited(const log::MemoryAuditSink& audit, std::string_view kind) {
    size_t n = 0;
    for (auto& e : audit.entries) n += e.kind == kind;
    return n;
}
}  // namespace

TEST(TrailingStop, TightenedStopIsModifiedAndTheExitHappensAtTheNewStop) {
    Rig rig(long_with_stop_five_below_close());
    VectorFeed feed;
    feed.add(daily("AAA", 0, "100", "101", "99", "100"));   // long, stop 95
    feed.add(daily("AAA", 1, "100", "106", "99", "105"));   // entry 500 @ 100; stop 95 -> 100
    feed.add(daily("AAA", 2, "106", "110", "104", "109"));  // stop 100 holds; -> 104
    feed.add(daily("AAA", 3, "108", "109", "107", "107"));  // wish 102 is looser: stays 104
    feed.add(daily("AAA", 4, "106", "106", "100", "101"));  // through 104: stopped out at 104
    feed.add(daily("AAA", 5, "101", "102", "100", "101"));  // still "long": no re-entry
    feed.seal();
    rig.run(feed);

    ASSERT_EQ(rig.portfolio.closed_trades().size(), 1u);
    const auto& trade = rig.portfolio.closed_trades()[0];
    EXPECT_EQ(trade.entry_price, px("100"));
    EXPECT_EQ(trade.exit_price, px("104"))
        << "the original 95 (or the first move to 100) would not exit here";
    EXPECT_EQ(trade.quantity, Quantity::from_units(500));  // 0.5 x 100000 / 100
    EXPECT_EQ(trade.pnl, Money::from_units(2000));         // (104 - 100) x 500, no costs
    EXPECT_TRUE(rig.portfolio.quantity(Symbol("AAA")).is_zero());

    EXPECT_EQ(rig.trader.stats().stops_placed, 1);
    EXPECT_EQ(rig.trader.stats().stop_moves_requested, 2);  // 95 -> 100 -> 104
    EXPECT_EQ(rig.trader.stats().stops_moved, 2);
    EXPECT_EQ(rig.trader.stats().stop_outs, 1);
    EXPECT_EQ(audited(rig.audit, "order_modify_requested"), 2u);
    EXPECT_EQ(audited(rig.audit, "order_modified"), 2u);

    const exec::ManagedOrder* stop = nullptr;
    for (const auto& mo : rig.orders.all())
        if (mo.order.type == OrderType::stop) stop = &mo;
    ASSERT_NE(stop, nullptr);
    EXPECT_EQ(stop->status, OrderStatus::filled);
    EXPECT_EQ(*stop->order.stop, px("104"));
    EXPECT_EQ(stop->modifications, 2);
    EXPECT_EQ(rig.orders.size(), 2u) << "an entry and one stop order: moved, never replaced";
}

TEST(TrailingStop, StopsAreNotMovedWhenTrailingIsOff) {
    auto cfg = Rig::half_equity();
    cfg.trail_stops = false;
    Rig rig(long_with_stop_five_below_close(), Rig::no_costs(), cfg);
    VectorFeed feed;
    feed.add(daily("AAA", 0, "100", "101", "99", "100"));
    feed.add(daily("AAA", 1, "100", "106", "99", "105"));
    feed.add(daily("AAA", 2, "106", "110", "104", "109"));
    feed.add(daily("AAA", 3, "108", "109", "107", "107"));
    feed.add(daily("AAA", 4, "106", "106", "100", "101"));
    feed.seal();
    rig.run(feed);
    EXPECT_TRUE(rig.portfolio.closed_trades().empty()) << "the 95 stop was never reached";
    EXPECT_EQ(rig.trader.stats().stop_moves_requested, 0);
    EXPECT_EQ(audited(rig.audit, "order_modify_requested"), 0u);
}

TEST(TrailingStop, ShortStopMovesDownOnly) {
    Rig rig(
        [](strategy::Context& ctx, const Bar& bar, int) {
            auto s = want(bar, Direction::short_);
            s.stop = bar.close + px("5");
            ctx.signal(s);
        },
        {.configure = [](SessionConfig& c) { c.gate.allow_short = true; }});
    VectorFeed feed;
    feed.add(daily("BBB", 0, "100", "101", "99", "100"));  // short, stop 105
    feed.add(daily("BBB", 1, "100", "101", "94", "95"));   // entry 500 @ 100; stop 105 -> 100
    feed.add(daily("BBB", 2, "96", "98", "95", "97"));     // wish 102 is looser: stays 100
    feed.add(daily("BBB", 3, "97", "101", "96", "100"));   // through 100: covered at 100
    feed.seal();
    rig.run(feed);
    ASSERT_EQ(rig.portfolio.closed_trades().size(), 1u);
    EXPECT_EQ(rig.portfolio.closed_trades()[0].exit_price, px("100"));
    EXPECT_EQ(rig.trader.stats().stop_moves_requested, 1);
}

namespace {
// The basic gate, except that it refuses every modification of a known order (as a risk
// gate could, e.g. on an order-rate limit).
class RefusesModifications final : public PreTradeGate {
public:
    explicit RefusesModifications(const exec::OrderManager& orders) : orders_(orders) {}
    Verdict check(const GateInput& in) override {
        if (orders_.find(in.order.client_id)) return Verdict::refuse("modifications are off today");
        return inner_.check(in);
    }

private:
    const exec::OrderManager& orders_;
    BasicGate inner_{BasicGateLimits{1.0, 1.0, false}};
};
}  // namespace

// Wired by hand, the one engine test that is: a session never takes a gate from its caller
// (every session's gate is the basic or the full risk gate, so that nothing can trade around
// the limits), and this test needs a gate that refuses on purpose.
TEST(TrailingStop, ModificationRefusedByTheGateIsAuditedAndTheOldStopStays) {
    log::MemoryAuditSink audit;
    exec::OrderManager orders(audit, "t");
    exec::PaperBroker broker(Rig::no_costs());
    exec::Portfolio portfolio(Money::from_units(100'000));
    RefusesModifications gate(orders);
    Trader trader(Rig::half_equity(), orders, broker, portfolio, gate, audit);
    strategy::Manager manager;
    manager.add(std::make_unique<ScriptedStrategy>(long_with_stop_five_below_close()));
    VectorFeed feed;
    feed.add(daily("AAA", 0, "100", "101", "99", "100"));  // long, stop 95
    feed.add(daily("AAA", 1, "100", "106", "99", "105"));  // entry 500 @ 100; 100 refused
    feed.add(daily("AAA", 2, "106", "110", "96", "109"));  // through 100 but not 95: held
    feed.add(daily("AAA", 3, "108", "109", "90", "92"));   // through 95: out at 95
    feed.seal();
    EngineConfig quiet;
    quiet.handle_signals = false;
    quiet.health_interval = std::chrono::milliseconds(0);
    Engine engine(quiet, feed, broker, orders, portfolio, manager, trader, gate);
    engine.run();

    EXPECT_EQ(trader.stats().stop_move_refusals, 2);  // 95 -> 100 and 95 -> 104
    EXPECT_EQ(trader.stats().stop_moves_requested, 0);
    size_t refusals = 0;
    for (const auto& e : audit.entries)
        if (e.kind == "risk_rejected" && e.fields.value("action", "") == "modify") {
            ++refusals;
            EXPECT_EQ(e.fields["reason"], "modifications are off today");
        }
    EXPECT_EQ(refusals, 2u);
    EXPECT_EQ(audited(audit, "order_modify_requested"), 0u) << "nothing reached the order manager";
    ASSERT_EQ(portfolio.closed_trades().size(), 1u);
    EXPECT_EQ(portfolio.closed_trades()[0].exit_price, px("95")) << "the old stop did its job";
}
