// A live feed (IBKR) can be empty for a while without having ended: the engine waits for
// it without spinning, ends when it says so, and trades nothing on backfilled history.
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <thread>

#include "engine/fixtures.hpp"
#include "engine/hand_feed.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {
Bar day(int i) { return daily("AAA", i, "10", "11", "9", "10"); }
}  // namespace

namespace {
// A session on the wall clock, as a paper session through a broker runs: the session's
// policy injects it (the engine never picks a clock from its mode).
EngineConfig paper() {
    static const WallClock wall;
    auto config = Rig::quiet();
    config.mode = Mode::paper;
    config.clock = &wall;
    return config;
}
}  // namespace

TEST(LiveFeed, TheEngineWaitsThroughGapsAndEndsOnlyWhenTheFeedSaysSo) {
    int bars_seen = 0;
    Rig rig([&](strategy::Context&, const Bar&, int) { ++bars_seen; });
    HandFeed feed;
    std::thread source([&] {
        for (int i = 0; i < 3; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // nothing queued meanwhile
            feed.add(day(i));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        feed.end();
    });
    auto summary = rig.run(feed);
    source.join();
    EXPECT_EQ(summary.stop_reason, "end of data");
    EXPECT_EQ(summary.bars, 3u);
    EXPECT_EQ(bars_seen, 3);
}

TEST(LiveFeed, BackfilledHistoryWarmsTheStrategyUpButItsWishIsTradedOnlyOnLiveData) {
    Rig rig([](strategy::Context& ctx, const Bar& bar, int i) {
        if (i == 0) ctx.signal(want(bar, Direction::long_));  // formed on history
    });
    HandFeed feed;
    for (int i = 0; i < 3; ++i) feed.add(day(i), /*backfill=*/true);
    std::thread source([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        feed.add(day(3));
        feed.add(day(4));  // the paper broker fills on the next bar
        feed.end();
    });
    auto summary = rig.run(feed);
    source.join();
    ASSERT_EQ(rig.orders.size(), 1u);
    EXPECT_EQ(rig.orders.all().front().order.created, bar_known_at(day(3)))
        << "ordered on the first live bar";
    EXPECT_EQ(summary.fills, 1u);
}

TEST(LiveFeed, StopEndsASessionThatIsWaitingForData) {
    Rig rig([](strategy::Context&, const Bar&, int) {});
    HandFeed feed;
    Engine& engine = rig.engine();
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        engine.stop("operator");
    });
    auto summary = rig.run(feed);
    stopper.join();
    EXPECT_EQ(summary.stop_reason, "operator");
    EXPECT_EQ(summary.events, 0u);
}

TEST(LiveFeed, AFeedsNoticeIsAuditedAndItsStatusIsInTheHealthSnapshotWhileNoDataArrives) {
    Rig rig([](strategy::Context&, const Bar&, int) {});
    HandFeed feed;
    Engine& engine = rig.engine();  // the session audits the feed's notices on the rig's trail
    std::atomic<bool> audited{false};
    engine::FeedStatus status;
    std::thread source([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        feed.notice(
            {"backfill_failed", {{"symbol", "AAA"}, {"reason", "no answer within 1 s after 3 tries"}}},
            "backfill failed for AAA");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        engine.post([&] {
            status = engine.health().feed;
            audited = true;
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        engine.stop("operator");
    });
    auto summary = rig.run(feed);
    source.join();
    EXPECT_EQ(summary.events, 0u);
    ASSERT_TRUE(audited);
    EXPECT_EQ(status.text, "backfill failed for AAA");
    EXPECT_EQ(status.backfill_failures, 1u);
    size_t n = 0;
    for (auto& e : rig.audit.entries)
        if (e.kind == "backfill_failed") {
            ++n;
            EXPECT_EQ(e.fields["symbol"], "AAA");
            EXPECT_TRUE(e.fields.contains("time"));
        }
    EXPECT_EQ(n, 1u) << "audited once, without waiting for data";
}

// On the wall clock a timer is a promise about wall time: a strategy that asks to be
// called in 30 ms is called then, not whenever the next piece of data happens to arrive.
TEST(LiveFeed, AStrategyTimerFiresOnTheWallClockWhileNoDataArrives) {
    std::atomic<bool> fired{false};
    Rig rig(
        [&](strategy::Context& ctx, const Bar&, int i) {
            if (i == 0) ctx.schedule(std::chrono::milliseconds(30));
        },
        {.engine = paper()});
    rig.strategy().timer_script = [&](strategy::Context&, strategy::TimerId) { fired = true; };
    HandFeed feed;
    bool fired_before_next_bar = false;
    Timestamp next_bar_at{};
    std::thread source([&] {
        feed.add(day(0));
        // The second bar waits for the timer (5 s at most: a timer that only fires with
        // data lets the bar through, and fires after it).
        for (int i = 0; i < 500 && !fired; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        fired_before_next_bar = fired;
        next_bar_at = wall_now();
        feed.add(day(1));
        feed.end();
    });
    auto summary = rig.run(feed);
    source.join();
    ASSERT_EQ(rig.strategy().timers.size(), 1u);
    EXPECT_TRUE(fired_before_next_bar);
    EXPECT_LT(rig.strategy().timers[0].second, next_bar_at);
    EXPECT_EQ(summary.bars, 2u);
}

TEST(LiveFeed, AWishFormedInATimerIsOrderedAtOnceNotWithTheNextData) {
    struct Watch final : EngineObserver {
        std::atomic<int> order_events{0};
        void on_order_event(const exec::BrokerEvent&, const exec::ManagedOrder&) override { ++order_events; }
    } watch;
    Rig rig(
        [&](strategy::Context& ctx, const Bar&, int i) {
            if (i == 0) ctx.schedule(std::chrono::milliseconds(20));
        },
        {.engine = paper()});
    Timestamp fired_at{};
    rig.strategy().timer_script = [&](strategy::Context& ctx, strategy::TimerId) {
        fired_at = ctx.now();
        strategy::Signal s;
        s.symbol = Symbol("AAA");
        s.direction = Direction::long_;
        s.reason = "scripted";
        ctx.signal(s);
    };
    HandFeed feed;
    bool acknowledged_before_next_bar = false;
    Timestamp next_bar_at{};
    std::thread source([&] {
        feed.add(day(0));
        for (int i = 0; i < 500 && watch.order_events == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        acknowledged_before_next_bar = watch.order_events > 0;
        next_bar_at = wall_now();
        feed.add(day(1));
        feed.end();
    });
    rig.engine().set_observer(&watch);
    rig.run(feed);
    source.join();
    EXPECT_TRUE(acknowledged_before_next_bar) << "the order was sent before the next bar arrived";
    ASSERT_EQ(rig.orders.size(), 1u);
    const Timestamp created = rig.orders.all().front().order.created;
    EXPECT_GE(created, fired_at);
    EXPECT_LE(created, next_bar_at);
}
