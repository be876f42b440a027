// The throttle that keeps a storm of alike alerts from flooding the webhook.
#include <gtest/gtest.h>

#include "robo/web/alert_throttle.hpp"

using namespace robo::web;
using namespace std::chrono_literals;

namespace {
struct FakeClock {
    std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
    AlertThrottle::Clock fn() {
        return [this] { return now; };
    }
};
}  // namespace

TEST(AlertThrottle, AStormOfAlikeAlertsSendsOneAndCountsTheRest) {
    FakeClock clock;
    AlertThrottle throttle({.min_interval = 60s, .max_per_minute = 30}, clock.fn());
    int sent = 0;
    for (int i = 0; i < 1000; ++i) sent += throttle.admit("limit_breached:position_size").send;
    EXPECT_EQ(sent, 1);
    EXPECT_EQ(throttle.held_back_total(), 999u);
}

TEST(AlertThrottle, TheNextOneAfterTheIntervalSaysHowManyWereHeldBack) {
    FakeClock clock;
    AlertThrottle throttle({.min_interval = 60s, .max_per_minute = 30}, clock.fn());
    throttle.admit("k");
    for (int i = 0; i < 7; ++i) throttle.admit("k");
    clock.now += 59s;
    EXPECT_FALSE(throttle.admit("k").send);  // 8 held back
    clock.now += 1s;
    auto d = throttle.admit("k");
    EXPECT_TRUE(d.send);
    EXPECT_EQ(d.held_back, 8u);
}

TEST(AlertThrottle, DifferentKeysDoNotHoldEachOtherBack) {
    FakeClock clock;
    AlertThrottle throttle({.min_interval = 60s, .max_per_minute = 30}, clock.fn());
    EXPECT_TRUE(throttle.admit("kill_switch_tripped").send);
    EXPECT_TRUE(throttle.admit("limit_breached:daily_loss").send);
    EXPECT_TRUE(throttle.admit("feed_stalled:AAPL").send);
}

TEST(AlertThrottle, NoMoreThanMaxPerMinuteOfAnyKind) {
    FakeClock clock;
    AlertThrottle throttle({.min_interval = 0s, .max_per_minute = 5}, clock.fn());
    int sent = 0;
    for (int i = 0; i < 50; ++i) sent += throttle.admit("feed_stalled:S" + std::to_string(i)).send;
    EXPECT_EQ(sent, 5);
    clock.now += 60s;  // the minute has rolled: room again
    EXPECT_TRUE(throttle.admit("feed_stalled:S0").send);
}

TEST(AlertThrottle, TakeHeldNamesEveryKeyStillHoldingAlertsBackOnce) {
    FakeClock clock;
    AlertThrottle throttle({.min_interval = 60s, .max_per_minute = 30}, clock.fn());
    for (int i = 0; i < 4; ++i) throttle.admit("b");
    for (int i = 0; i < 3; ++i) throttle.admit("a");
    throttle.admit("c");  // sent, nothing held
    auto held = throttle.take_held();
    ASSERT_EQ(held.size(), 2u);
    EXPECT_EQ(held[0], (std::pair<std::string, uint64_t>{"a", 2}));
    EXPECT_EQ(held[1], (std::pair<std::string, uint64_t>{"b", 3}));
    EXPECT_TRUE(throttle.take_held().empty());
}
