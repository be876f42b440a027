// The streaming quality gate on a live stream (engine/quality_feed.hpp): a session through
// a broker never sees a bar ×1000, a bar whose prices contradict themselves or a bar from
// the future; each is counted by reason, and with DATA_ON_BAD_ROW=stop the first one ends
// the session with an error naming it.
#include <gtest/gtest.h>

#include "robo/engine/quality_feed.hpp"

namespace robo::engine {
namespace {

using data::quality::Check;

// 1-minute bars of one symbol from 2024-01-02 09:31 New York, close 100 + a small wiggle.
Bar minute(int i, double close) {
    const Timestamp start = from_civil(2024, 1, 2, 14, 30) + std::chrono::minutes(i);
    const Price c = Price::from_double(close);
    return Bar{Symbol("AAPL"),
               Timeframe::m1,
               start,
               c,
               Price::from_double(close * 1.001),
               Price::from_double(close * 0.999),
               c,
               Quantity::from_units(1000),
               false};
}

VectorFeed stream_with_bad_records() {
    VectorFeed f;
    for (int i = 0; i < 40; ++i) f.add(minute(i, 100 + (i % 5) * 0.05));
    f.add(minute(40, 100'000));  // a print x1000
    Bar contradiction = minute(41, 100.1);
    contradiction.high = Price::from_double(99);  // high below the close
    f.add(contradiction);
    for (int i = 42; i < 60; ++i) f.add(minute(i, 100 + (i % 5) * 0.05));
    Bar future = minute(60, 100.1);
    future.start = from_civil(2100, 1, 4, 15);
    f.add(future);
    f.seal();
    return f;
}

TEST(QualityGatedFeed, BadRecordsOfALiveStreamNeverReachTheEngineAndAreCountedByReason) {
    VectorFeed inner = stream_with_bad_records();
    QualityGatedFeed gated(inner);
    std::vector<double> closes;
    MarketEvent ev;
    Timestamp t;
    while (gated.peek_time(t)) {
        ASSERT_TRUE(gated.next(ev));
        EXPECT_EQ(ev.time, t);
        closes.push_back(std::get<Bar>(ev.data).close.to_double());
    }
    EXPECT_TRUE(gated.ended());
    EXPECT_EQ(closes.size(), 58u) << "the 58 good bars, in order";
    for (double c : closes) EXPECT_LT(c, 101.0);
    EXPECT_EQ(gated.quarantined(), 3u);
    EXPECT_EQ(gated.quarantined(Check::outlier), 1u);
    EXPECT_EQ(gated.quarantined(Check::ohlc_inconsistent), 1u);
    EXPECT_EQ(gated.quarantined(Check::future_timestamp), 1u);
    EXPECT_EQ(gated.summary(), "future_timestamp 1, outlier 1, ohlc_inconsistent 1");
    ASSERT_EQ(gated.examples().size(), 3u);
    EXPECT_NE(gated.examples()[0].find("AAPL"), std::string::npos) << gated.examples()[0];
}

TEST(QualityGatedFeed, WithStopOnBadTheFirstBadRecordEndsTheSessionNamingIt) {
    VectorFeed inner = stream_with_bad_records();
    QualityFeedOptions o;
    o.stop_on_bad = true;
    QualityGatedFeed gated(inner, o);
    MarketEvent ev;
    size_t delivered = 0;
    try {
        while (gated.next(ev)) ++delivered;
        FAIL() << "the bad record was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(delivered, 40u);
        EXPECT_NE(std::string(e.what()).find("AAPL"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("outlier"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("DATA_ON_BAD_ROW=stop"), std::string::npos) << e.what();
    }
}

TEST(QualityGatedFeed, ACleanStreamPassesUntouched) {
    VectorFeed inner;
    for (int i = 0; i < 200; ++i) inner.add(minute(i, 100 + (i % 7) * 0.1));
    inner.seal();
    QualityGatedFeed gated(inner);
    MarketEvent ev;
    size_t n = 0;
    while (gated.next(ev)) ++n;
    EXPECT_EQ(n, 200u);
    EXPECT_EQ(gated.quarantined(), 0u);
    EXPECT_EQ(gated.summary(), "");
}

}  // namespace
}  // namespace robo::engine
