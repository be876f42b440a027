// A paper session end to end: the simulator's market over loopback into IbkrMarketData,
// the engine with a strategy, sizing, the gate and the order manager, and orders out
// through IbkrBroker to the simulator, which fills them. Afterwards the ledger equals the
// simulator's positions and every execution was booked once.
#include <atomic>
#include <thread>

#include "live_support.hpp"
#include "robo/engine/session.hpp"
#include "robo/strategy/registry.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::live_test;

namespace {
constexpr int64_t kSimStart = 1735828200;  // the simulator's default start, 2025-01-02 14:30 UTC

engine::SessionConfig paper_session() {
    engine::SessionConfig sc;
    sc.engine.mode = engine::Mode::replay;  // the clock follows the data's time
    sc.engine.handle_signals = false;
    sc.engine.health_interval = std::chrono::milliseconds(50);
    sc.engine.stop_timeout = std::chrono::milliseconds(3000);
    sc.session_id = "live";
    sc.trader.position_fraction = 0.05;
    sc.strategies = {strategy::parse_strategy_spec("sma_crossover:fast=2,slow=5")};
    return sc;
}

// Ends the feed once the simulator has run `seconds` of market time.
std::thread end_after(Rig& rig, IbkrMarketData& feed, int64_t seconds) {
    return std::thread([&rig, &feed, seconds] {
        while (rig.on_io([&] { return rig.sim->now(); }) < kSimStart + seconds)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        feed.finish();
    });
}
}  // namespace

TEST(IbkrPaperSession, TradesThroughTheSimulatorAndTheLedgerEqualsItsPositions) {
    Rig rig([](sim::SimConfig& s) { s.step = std::chrono::milliseconds(2); });
    auto& link = rig.make_link();
    IbkrBroker broker(link);
    MarketDataConfig mc;
    mc.symbols = {Symbol("AAPL"), Symbol("MSFT")};
    mc.backfill_bars = 20;
    mc.data_time_stamps = true;
    IbkrMarketData feed(link, mc);
    log::MemoryAuditSink audit;
    engine::Session session(paper_session(), feed, audit, broker);
    rig.start();
    auto ender = end_after(rig, feed, 600);
    auto summary = session.run();
    ender.join();

    EXPECT_EQ(summary.stop_reason, "end of data");
    EXPECT_EQ(summary.order_errors, 0u);
    EXPECT_GT(session.trader().stats().orders, 0) << "the strategy traded";
    EXPECT_GT(summary.fills, 0u);
    EXPECT_EQ(summary.working_at_stop, 0u) << "shutdown cancelled the protective stops at the broker";
    EXPECT_EQ(summary.fills, rig.sim_executions()) << "every execution booked once";
    std::map<Symbol, Quantity> ledger;
    for (Symbol s : mc.symbols)
        if (!session.portfolio().quantity(s).is_zero()) ledger[s] = session.portfolio().quantity(s);
    EXPECT_EQ(ledger, rig.sim_positions());
    for (auto& [ref, n] : rig.sim_orders_by_ref()) EXPECT_EQ(n, 1) << ref;
    EXPECT_GT(feed.stats().backfill_bars, 0u);
    // The engine's clock followed the simulator's market time, not the wall clock.
    auto clock = session.engine().health().clock;
    EXPECT_GE(clock, from_unix_nanos(kSimStart * 1'000'000'000));
    EXPECT_LE(clock, from_unix_nanos((kSimStart + 700) * 1'000'000'000));
    rig.stop();
}

TEST(IbkrPaperSession, AStopRequestEndsASessionWaitingForData) {
    // A market with no data at all (every farm down): the engine idles, then stops on request.
    Rig rig([](sim::SimConfig& s) { s.step = std::chrono::hours(1); });
    auto& link = rig.make_link();
    IbkrBroker broker(link);
    MarketDataConfig mc;
    mc.symbols = {Symbol("AAPL")};
    IbkrMarketData feed(link, mc);
    log::MemoryAuditSink audit;
    engine::Session session(paper_session(), feed, audit, broker);
    rig.start();
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        session.engine().stop("operator");
    });
    auto summary = session.run();
    stopper.join();
    EXPECT_EQ(summary.stop_reason, "operator");
    EXPECT_EQ(summary.events, 0u);
    rig.stop();
}
