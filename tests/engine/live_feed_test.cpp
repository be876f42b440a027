// A live feed (IBKR) can be empty for a while without having ended: the engine waits for
// it without spinning, ends when it says so, and trades nothing on backfilled history.
#include <gtest/gtest.h>

#include <deque>
#include <mutex>
#include <thread>

#include "engine/fixtures.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {
// Filled from another thread, as the IBKR adapter fills it from its io thread.
class HandFeed final : public Feed {
public:
    void add(const Bar& b, bool backfill = false) {
        std::function<void()> wake;
        {
            std::lock_guard lock(mu_);
            q_.push_back({bar_known_at(b), b, backfill});
            wake = wake_;
        }
        if (wake) wake();
    }
    void end() {
        std::function<void()> wake;
        {
            std::lock_guard lock(mu_);
            ended_ = true;
            wake = wake_;
        }
        if (wake) wake();
    }
    bool next(MarketEvent& out) override {
        std::lock_guard lock(mu_);
        if (q_.empty()) return false;
        out = q_.front();
        q_.pop_front();
        return true;
    }
    bool peek_time(Timestamp& out) const override {
        std::lock_guard lock(mu_);
        if (q_.empty()) return false;
        out = q_.front().time;
        return true;
    }
    bool ended() const override {
        std::lock_guard lock(mu_);
        return ended_ && q_.empty();
    }
    void set_wake(std::function<void()> wake) override {
        std::lock_guard lock(mu_);
        wake_ = std::move(wake);
    }

private:
    mutable std::mutex mu_;
    std::deque<MarketEvent> q_;
    bool ended_ = false;
    std::function<void()> wake_;
};

Bar day(int i) { return daily("AAA", i, "10", "11", "9", "10"); }
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
    Engine engine(rig.quiet(), feed, rig.broker, rig.orders, rig.portfolio, rig.manager, rig.trader,
                  rig.gate);
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        engine.stop("operator");
    });
    auto summary = engine.run();
    stopper.join();
    EXPECT_EQ(summary.stop_reason, "operator");
    EXPECT_EQ(summary.events, 0u);
}
