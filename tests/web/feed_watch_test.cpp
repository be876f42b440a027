// Feed health from the side of a session: staleness, stalls in session only, quality.
#include <gtest/gtest.h>

#include "robo/web/feed_watch.hpp"

using namespace robo;
using namespace robo::web;
using namespace std::chrono_literals;

namespace {
// 2024-03-05 is a Tuesday; New York is UTC-5 then: the session is 14:30-21:00 UTC.
Timestamp utc(int h, int m, int day = 5) {
    return from_civil(2024, 3, day) + std::chrono::hours(h) + std::chrono::minutes(m);
}

engine::MarketEvent minute_bar(const char* symbol, Timestamp start, const char* close = "100") {
    Bar b{Symbol(symbol),
          Timeframe::m1,
          start,
          Price::parse(close),
          Price::parse(close),
          Price::parse(close),
          Price::parse(close),
          Quantity::from_units(1000),
          false};
    return {engine::bar_known_at(b), b};
}

struct Watch {
    FeedWatch watch{FeedWatchOptions{.stall_after = 120s}};
    std::vector<FeedStall> out;
    void feed(const engine::MarketEvent& ev) { watch.on_event(ev, ev.time, out); }
    void check(Timestamp t) { watch.check(t, out); }
};
}  // namespace

TEST(FeedWatch, ASymbolSilentLongerThanTheThresholdInSessionIsStalledOnce) {
    Watch w;
    w.feed(minute_bar("AAPL", utc(15, 0)));
    w.check(utc(15, 3));  // 2 minutes after its last data: not yet
    EXPECT_TRUE(w.out.empty());
    w.check(utc(15, 4));
    ASSERT_EQ(w.out.size(), 1u);
    EXPECT_EQ(w.out[0].symbol, Symbol("AAPL"));
    EXPECT_FALSE(w.out[0].recovered);
    EXPECT_EQ(w.out[0].silent_for, 3min);
    w.check(utc(15, 10));  // still stalled: not raised again
    EXPECT_EQ(w.out.size(), 1u);
    EXPECT_EQ(w.watch.stalled(), 1u);
}

TEST(FeedWatch, DataAfterAStallIsARecovery) {
    Watch w;
    w.feed(minute_bar("AAPL", utc(15, 0)));
    for (int m = 1; m <= 10; ++m) w.feed(minute_bar("MSFT", utc(15, m)));  // the feed itself is alive
    w.check(utc(15, 11));
    ASSERT_EQ(w.out.size(), 1u);
    w.feed(minute_bar("AAPL", utc(15, 11)));
    ASSERT_EQ(w.out.size(), 2u);
    EXPECT_EQ(w.out[1].symbol, Symbol("AAPL"));
    EXPECT_TRUE(w.out[1].recovered);
    EXPECT_EQ(w.out[1].silent_for, 11min);
    EXPECT_EQ(w.watch.stalled(), 0u);
}

TEST(FeedWatch, NightsAndTheTimeBeforeTheOpenAreNoStall) {
    Watch w;
    w.feed(minute_bar("AAPL", utc(20, 59)));  // the last bar of the day, known at 21:00
    w.check(utc(23, 0));                      // evening
    w.check(utc(14, 31, 6));                  // a minute after the next open
    EXPECT_TRUE(w.out.empty());
    w.check(utc(14, 33, 6));  // three minutes into the session with nothing
    EXPECT_EQ(w.out.size(), 1u);
}

TEST(FeedWatch, ADailyBarReplayIsNeverStalled) {
    Watch w;
    Bar b{Symbol("KO"),
          Timeframe::day,
          from_civil(2024, 3, 4),
          Price::parse("60"),
          Price::parse("61"),
          Price::parse("59"),
          Price::parse("60"),
          Quantity::from_units(1'000'000),
          false};
    w.feed({engine::bar_known_at(b), b});
    w.check(utc(20, 59));  // the whole next session without a bar: expected for daily data
    EXPECT_TRUE(w.out.empty());
}

TEST(FeedWatch, AJumpInDataTimeAcrossAnOpenMarketIsAWholeFeedStallThatRecovered) {
    Watch w;
    w.feed(minute_bar("AAPL", utc(15, 0)));
    w.feed(minute_bar("AAPL", utc(15, 30)));  // 29 minutes of nothing in between
    ASSERT_EQ(w.out.size(), 2u);
    EXPECT_TRUE(w.out[0].symbol.empty());
    EXPECT_FALSE(w.out[0].recovered);
    EXPECT_EQ(w.out[0].silent_for, 30min);
    EXPECT_TRUE(w.out[1].recovered);
}

TEST(FeedWatch, TableShowsStalenessQuarantinedRowsAndQuality) {
    Watch w;
    w.watch.add_quarantined_at_load(Symbol("AAPL"), 1);
    w.feed(minute_bar("AAPL", utc(15, 0)));
    w.feed(minute_bar("AAPL", utc(15, 1)));
    w.feed(minute_bar("AAPL", utc(15, 2)));
    auto j = w.watch.to_json(utc(15, 4));
    const auto& a = j["AAPL"];
    EXPECT_EQ(a["messages"], 3);
    EXPECT_EQ(a["quarantined_at_load"], 1);
    EXPECT_EQ(a["quarantined"], 1);
    EXPECT_DOUBLE_EQ(a["staleness_seconds"].get<double>(), 60.0);  // last data known 15:03
    EXPECT_DOUBLE_EQ(a["quality"].get<double>(), 0.75);            // 3 of 4 rows reached the engine
    EXPECT_EQ(a["gaps"], 0);
    EXPECT_EQ(a["stalled"], false);
}

TEST(FeedWatch, MissingBarsInSessionCountAsGaps) {
    Watch w;
    w.feed(minute_bar("AAPL", utc(15, 0)));
    w.feed(minute_bar("AAPL", utc(15, 1)));
    w.feed(minute_bar("AAPL", utc(15, 5)));  // 15:02, 15:03, 15:04 missing
    EXPECT_GE(w.watch.to_json(utc(15, 6))["AAPL"]["gaps"].get<int>(), 1);
}

TEST(FeedWatch, ASymbolWhoseReplayedDataEndedIsEndedNotStalled) {
    Watch w;
    const auto last = minute_bar("AAPL", utc(15, 0));
    w.watch.set_data_end(Symbol("AAPL"), last.time);
    w.feed(last);
    w.check(utc(16, 0));
    EXPECT_TRUE(w.out.empty());
    EXPECT_EQ(w.watch.to_json(utc(16, 0))["AAPL"]["ended"], true);
}
