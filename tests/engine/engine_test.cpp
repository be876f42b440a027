#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "engine/fixtures.hpp"
#include "robo/engine/feature_stage.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {
// Up days (open 100, close 110) alternate with down days (open 110, close 100).
VectorFeed seesaw(int days) {
    VectorFeed feed;
    for (int i = 0; i < days; ++i) {
        if (i % 2 == 0)
            feed.add(daily("SAW", i, "100", "111", "99", "110"));
        else
            feed.add(daily("SAW", i, "110", "111", "99", "100"));
    }
    feed.seal();
    return feed;
}
}  // namespace

// A strategy that wants to be long on every up bar would earn 10 a share per round trip
// if it were filled on the bar it is reacting to. Filled on the next bar's open, as it
// must be, it buys at 110 and sells at 100: it loses.
TEST(Engine, StrategyCannotProfitFromTheBarItIsFilledOn) {
    Rig rig([](strategy::Context& ctx, const Bar& bar, int) {
        ctx.signal(want(bar, bar.close > bar.open ? Direction::long_ : Direction::flat));
    });
    auto feed = seesaw(20);
    rig.run(feed);
    ASSERT_EQ(rig.portfolio.closed_trades().size(), 9u);  // the 10th entry is still open at the end
    for (const auto& t : rig.portfolio.closed_trades()) {
        EXPECT_EQ(t.entry_price, px("110"));  // next bar's open, not this bar's 100
        EXPECT_EQ(t.exit_price, px("100"));
        EXPECT_LT(t.pnl, Money{});
    }
    EXPECT_LT(rig.portfolio.realized_pnl(), Money{});
}

TEST(Engine, FillsHappenOnDataThatStartsAfterTheDecision) {
    Rig rig([](strategy::Context& ctx, const Bar& bar, int) {
        ctx.signal(want(bar, bar.close > bar.open ? Direction::long_ : Direction::flat));
    });
    auto feed = seesaw(6);
    rig.run(feed);
    ASSERT_FALSE(rig.strategy().fills.empty());
    for (const auto& f : rig.strategy().fills) {
        // Decisions are taken at a bar's close (its start + 1 day); fills come from a bar
        // that starts then or later.
        const auto& order = *rig.orders.find(f.client_id);
        EXPECT_GE(f.time, order.order.created) << f.client_id;
    }
}

TEST(Engine, BrokerFillsBeforeTheStrategySeesTheBar) {
    std::vector<std::string> seen;
    Rig rig([&](strategy::Context& ctx, const Bar& bar, int i) {
        seen.push_back("bar " + std::to_string(i) + " position " + ctx.position(bar.symbol).to_string());
        if (i == 0) ctx.signal(want(bar, Direction::long_));
    });
    auto feed = seesaw(3);
    rig.run(feed);
    // On bar 1 the strategy already holds what was bought at bar 1's open.
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0], "bar 0 position 0");
    EXPECT_EQ(seen[1], "bar 1 position 454");  // 0.5 x 100000 / 110 (bar 0 close), whole shares
}

TEST(Engine, TimersFireOnDataTimeBeforeTheDataThatPassesThem) {
    Rig rig([](strategy::Context& ctx, const Bar&, int i) {
        if (i == 0) ctx.schedule(std::chrono::hours(36));  // from day 1 00:00 to day 2 12:00
    });
    auto feed = seesaw(4);
    rig.run(feed);
    ASSERT_EQ(rig.strategy().timers.size(), 1u);
    // Bars become known at the end of their day: bar 2 at day 3 00:00, the first data at
    // or after the due time, so the timer fires with the clock there.
    EXPECT_EQ(rig.strategy().timers[0].second, trading_day(3));
}

TEST(Engine, EquityCurveHasOnePointPerTimestampAndEndsAtTheLedgersEquity) {
    Rig rig([](strategy::Context& ctx, const Bar& bar, int) {
        ctx.signal(want(bar, bar.close > bar.open ? Direction::long_ : Direction::flat));
    });
    VectorFeed feed;
    for (int i = 0; i < 5; ++i) {
        feed.add(daily("AAA", i, "10", "11", "9", "10.5"));
        feed.add(daily("BBB", i, "20", "21", "19", "20.5"));
    }
    feed.seal();
    auto summary = rig.run(feed);
    const auto& curve = rig.portfolio.equity_curve();
    ASSERT_EQ(curve.size(), 5u);
    EXPECT_EQ(curve.front().time, trading_day(0));
    EXPECT_EQ(curve.back().equity, rig.portfolio.equity());
    EXPECT_EQ(summary.equity, rig.portfolio.equity());
    EXPECT_EQ(summary.bars, 10u);
    EXPECT_EQ(summary.stop_reason, "end of data");
    EXPECT_EQ(rig.engine().state(), EngineState::stopped);
}

TEST(Engine, SameInputsGiveTheSameFillsEveryTime) {
    auto once = [] {
        Rig rig([](strategy::Context& ctx, const Bar& bar, int i) {
            ctx.signal(want(bar, (i / 3) % 2 ? Direction::flat : Direction::long_));
        });
        VectorFeed feed;
        for (int i = 0; i < 30; ++i) {
            feed.add(daily("AAA", i, "10", "11", "9", "10.5"));
            feed.add(daily("BBB", i, "20", "21", "19", "20.5"));
        }
        feed.seal();
        rig.run(feed);
        std::string log;
        for (const auto& o : rig.orders.all())
            log += o.order.client_id + " " + std::string(to_string(o.status)) + " " +
                   o.filled_value.to_string() + "\n";
        return log + rig.portfolio.equity().to_string();
    };
    EXPECT_EQ(once(), once());
}

TEST(Engine, HealthSnapshotNamesStateQueuesStalenessBrokerAndKillSwitch) {
    Rig rig([](strategy::Context&, const Bar&, int) {});
    VectorFeed feed;
    feed.add(daily("AAA", 0, "10", "11", "9", "10"));
    feed.add(daily("BBB", 3, "10", "11", "9", "10"));
    feed.seal();
    rig.run(feed);
    auto h = rig.engine().health();
    EXPECT_EQ(h.state, EngineState::stopped);
    EXPECT_EQ(h.events, 2u);
    EXPECT_EQ(h.feed_remaining, 0);
    EXPECT_EQ(h.broker, "paper: connected");
    EXPECT_EQ(h.kill_switch, "armed");
    ASSERT_FALSE(h.stalest.empty());
    EXPECT_EQ(h.stalest[0].first, Symbol("AAA"));
    EXPECT_EQ(h.max_staleness, std::chrono::days(3));
    auto j = h.to_json();
    EXPECT_EQ(j["state"], "stopped");
    EXPECT_EQ(j["max_staleness_seconds"], 3 * 86400.0);
}

TEST(Engine, TrippedKillSwitchBlocksEntriesButLetsExitsThrough) {
    Rig rig([](strategy::Context& ctx, const Bar& bar, int i) {
        ctx.signal(want(bar, i < 2 ? Direction::long_ : Direction::flat));
    });
    VectorFeed feed;
    for (int i = 0; i < 5; ++i) feed.add(daily("AAA", i, "10", "11", "9", "10"));
    feed.seal();
    struct TripAfterFill : strategy::Strategy {
        engine::BasicGate* gate;
        std::string_view name() const noexcept override { return "tripper"; }
        void on_fill(strategy::Context&, const Fill&) override { gate->trip("test"); }
    };
    auto tripper = std::make_unique<TripAfterFill>();
    tripper->gate = &rig.basic_gate();
    rig.manager.add(std::move(tripper));
    rig.run(feed);
    // The entry filled on day 1; the kill switch tripped; the exit on day 3 still went through.
    EXPECT_TRUE(rig.portfolio.quantity(Symbol("AAA")).is_zero());
    EXPECT_EQ(rig.portfolio.closed_trades().size(), 1u);
}

TEST(Engine, GateRefusalIsAuditedAndNotRetriedEveryBar) {
    exec::PaperBrokerConfig broker = Rig::no_costs();
    TraderConfig trader = Rig::half_equity();
    Rig rig([](strategy::Context& ctx, const Bar& bar, int) { ctx.signal(want(bar, Direction::short_)); },
            broker, trader);
    VectorFeed feed;
    for (int i = 0; i < 5; ++i) feed.add(daily("AAA", i, "10", "11", "9", "10"));
    feed.seal();
    rig.run(feed);
    size_t refusals = 0;
    for (auto& e : rig.audit.entries)
        if (e.kind == "risk_rejected") {
            ++refusals;
            EXPECT_NE(e.fields["reason"].get<std::string>().find("short selling is off"), std::string::npos);
        }
    EXPECT_EQ(refusals, 1u);
    EXPECT_EQ(rig.orders.size(), 0u);
}

TEST(Engine, ProtectiveStopIsPlacedAfterEntryAndStopsOut) {
    Rig rig([](strategy::Context& ctx, const Bar& bar, int) {
        auto s = want(bar, Direction::long_);
        s.stop = px("95");
        ctx.signal(s);
    });
    VectorFeed feed;
    feed.add(daily("AAA", 0, "100", "101", "99", "100"));
    feed.add(daily("AAA", 1, "100", "101", "99", "100"));  // entry at 100
    feed.add(daily("AAA", 2, "100", "101", "90", "92"));   // stop at 95
    feed.add(daily("AAA", 3, "92", "93", "91", "92"));     // still "long": no re-entry
    feed.seal();
    rig.run(feed);
    ASSERT_EQ(rig.portfolio.closed_trades().size(), 1u);
    EXPECT_EQ(rig.portfolio.closed_trades()[0].exit_price, px("95"));
    EXPECT_EQ(rig.trader.stats().stop_outs, 1);
    EXPECT_TRUE(rig.portfolio.quantity(Symbol("AAA")).is_zero());
}

TEST(Engine, StopRequestEndsTheRunGracefullyAndCancelsWorkingOrders) {
    exec::PaperBrokerConfig broker = Rig::no_costs();
    broker.max_volume_share_bps = 1'000;  // bars without volume never fill: the order stays working
    TraderConfig trader = Rig::half_equity();
    trader.entry_tif = TimeInForce::gtc;
    Engine* engine = nullptr;
    auto config = Rig::quiet();
    config.batch = 1;
    Rig rig(
        [&](strategy::Context& ctx, const Bar& bar, int i) {
            if (i == 2) ctx.signal(want(bar, Direction::long_));
            if (i == 4) engine->stop("test");
        },
        {.broker = broker, .trader = trader, .engine = config});
    engine = &rig.engine();
    VectorFeed feed;
    for (int i = 0; i < 100; ++i) feed.add(daily("AAA", i, "10", "11", "9", "10", 0));
    feed.seal();
    auto summary = rig.run(feed);
    EXPECT_EQ(summary.stop_reason, "test");
    EXPECT_LT(summary.events, 100u);
    EXPECT_EQ(summary.working_at_stop, 0u);
    ASSERT_EQ(rig.orders.size(), 1u);
    EXPECT_EQ(rig.orders.all()[0].status, OrderStatus::cancelled);
    EXPECT_EQ(rig.engine().state(), EngineState::stopped);
}

TEST(Engine, FeatureStageHandsStrategiesTheDefaultFeaturesBeforeTheBar) {
    struct Watcher : strategy::Strategy {
        std::vector<std::string> seen;
        std::string_view name() const noexcept override { return "watcher"; }
        void on_features(strategy::Context&, const strategy::FeatureUpdate& u) override {
            auto rsi = u.get("rsi_14");
            seen.push_back(std::string("features ") +
                           (rsi && !std::isnan(*rsi) ? "rsi ready" : "rsi warming"));
        }
        void on_bar(strategy::Context&, const Bar&) override { seen.push_back("bar"); }
    };
    // The session builds the feature stage for the data's timeframes.
    Rig rig([](strategy::Context&, const Bar&, int) {},
            {.configure = [](SessionConfig& c) { c.feature_timeframes = {Timeframe::day}; }});
    auto watcher = std::make_unique<Watcher>();
    auto* w = watcher.get();
    rig.manager.add(std::move(watcher));
    VectorFeed feed;
    for (int i = 0; i < 16; ++i) feed.add(daily("AAA", i, "10", "11", "9", i % 2 ? "10.5" : "9.5"));
    feed.seal();
    rig.run(feed);
    ASSERT_EQ(w->seen.size(), 32u);
    EXPECT_EQ(w->seen[0], "features rsi warming");
    EXPECT_EQ(w->seen[1], "bar");
    EXPECT_EQ(w->seen[30], "features rsi ready");  // RSI 14 is ready from the 15th close
    ASSERT_NE(rig.session.features(), nullptr);
    EXPECT_EQ(rig.session.features()->snapshots(), 16u);
    EXPECT_EQ(rig.session.features()->refused(), 0u);
}

// A session whose strategies keep their own state computes no features; a recording (a
// listener) or a strategy that reads them turns them back on.
TEST(Engine, FeatureStageComputesNothingWhenNothingReadsTheFeatures) {
    struct OwnState : strategy::Strategy {
        bool reads = false;
        size_t updates = 0;
        std::string_view name() const noexcept override { return "own-state"; }
        std::optional<size_t> history_bars() const noexcept override { return 0; }
        bool reads_features() const noexcept override { return reads; }
        void on_features(strategy::Context&, const strategy::FeatureUpdate&) override { ++updates; }
    };
    struct Counts {
        uint64_t snapshots, unread;
        size_t heard, updates;
    };
    auto run = [](bool reads, bool listen) {
        auto strategy = std::make_shared<OwnState>();
        strategy->reads = reads;
        Rig rig([](strategy::Context&, const Bar&, int) {}, {.configure = [&](SessionConfig& c) {
                    c.feature_timeframes = {Timeframe::day};
                    c.history_bars = 0;
                    c.strategy_objects.clear();
                    c.strategy_objects.push_back({strategy, 1.0, std::nullopt});
                }});
        size_t heard = 0;
        if (listen) rig.session.features()->set_listener([&](const features::FeatureSnapshot&) { ++heard; });
        VectorFeed feed;
        for (int i = 0; i < 16; ++i) feed.add(daily("AAA", i, "10", "11", "9", "10.5"));
        feed.seal();
        rig.run(feed);
        const auto& fs = *rig.session.features();
        return Counts{fs.snapshots(), fs.unread(), heard, strategy->updates};
    };
    const Counts nobody = run(false, false);
    EXPECT_EQ(nobody.snapshots, 0u);
    EXPECT_EQ(nobody.unread, 16u);
    EXPECT_EQ(nobody.updates, 0u);
    const Counts recorded = run(false, true);
    EXPECT_EQ(recorded.snapshots, 16u);
    EXPECT_EQ(recorded.unread, 0u);
    EXPECT_EQ(recorded.heard, 16u);
    const Counts reader = run(true, false);
    EXPECT_EQ(reader.snapshots, 16u);
    EXPECT_EQ(reader.updates, 16u);
}

TEST(Engine, PausedEngineWaitsAndResumesWhereItStopped) {
    Engine* engine = nullptr;
    std::vector<EngineState> states_seen;
    std::thread resumer;
    auto config = Rig::quiet();
    config.batch = 1;
    Rig rig(
        [&](strategy::Context&, const Bar&, int i) {
            states_seen.push_back(engine->state());
            if (i == 3) {
                engine->pause();
                resumer = std::thread([&] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                    engine->resume();
                });
            }
        },
        {.engine = config});
    VectorFeed feed;
    for (int i = 0; i < 10; ++i) feed.add(daily("AAA", i, "10", "11", "9", "10"));
    feed.seal();
    engine = &rig.engine();
    auto summary = rig.run(feed);
    resumer.join();
    EXPECT_EQ(summary.events, 10u);
    EXPECT_EQ(summary.stop_reason, "end of data");
    EXPECT_EQ(states_seen.size(), 10u);
    for (auto s : states_seen) EXPECT_EQ(s, EngineState::running);
}
