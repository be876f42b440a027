// The gate keeps what each holding contributed, and the sums over the holdings, between
// checks (risk_gate.hpp): every change to the book or the correlations must still be seen
// by the very next check.
#include <gtest/gtest.h>

#include <random>

#include "desk.hpp"

namespace robo::risk::test {
namespace {

using V = Violation;

// `rows` daily closes where MSFT moves with AAPL (plus a little noise), from day `first`.
void feed_twins(CorrelationTracker& t, int first, int rows) {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> move(0, 0.01);
    double aapl = 100, msft = 100;
    for (int k = 0; k < first + rows; ++k) {
        const double r = move(rng), noise = move(rng);
        aapl *= 1 + r;
        msft *= 1 + r + 0.2 * noise;
        if (k < first) continue;
        const Timestamp day = from_civil(2024, 1, 1) + std::chrono::hours(24) * k;
        t.on_close(Symbol("AAPL"), day, aapl);
        t.on_close(Symbol("MSFT"), day, msft);
    }
    t.flush();
}

TEST(RiskGateCache, ANewMarkOnAHoldingIsSeenByTheNextCheck) {
    RiskLimits limits = wide_limits();
    limits.max_sector_exposure = 0.5;
    Desk desk(limits);
    desk.hold("AAPL", shares(100), px("100"));  // Tech: 10,000 of 100,000
    desk.quote("MSFT", px("100"));
    ASSERT_TRUE(desk.check(buy("MSFT", shares(100))).accepted());  // Tech 20,000 / 100,000
    desk.portfolio.mark(Symbol("AAPL"), px("800"));                // Tech 80,000 + 10,000 / 170,000
    const Verdict v = desk.check(buy("MSFT", shares(100)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::SectorExposure);
    EXPECT_NEAR(v.violation().value, 90'000.0 / 170'000.0, 1e-12);
}

TEST(RiskGateCache, NewReturnsChangeTheCorrelationTheNextCheckSees) {
    Desk desk([] {
        RiskLimits l = wide_limits();
        l.correlation_limit = 0.8;
        return l;
    }());
    feed_twins(desk.tracker, 0, 20);  // too few observations: unknown
    desk.hold("AAPL", shares(10), px("100"));
    desk.quote("MSFT", px("100"));
    ASSERT_TRUE(desk.check(buy("MSFT", shares(10))).accepted());
    feed_twins(desk.tracker, 20, 40);
    const Verdict v = desk.check(buy("MSFT", shares(10)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::Correlation);
    EXPECT_EQ(v.violation().other, Symbol("AAPL"));
}

TEST(RiskGateCache, AHoldingClosedSinceTheLastCheckNoLongerCounts) {
    RiskLimits limits = wide_limits();
    limits.max_open_positions = 2;
    Desk desk(limits);
    desk.hold("AAPL", shares(10), px("100"));
    desk.hold("XOM", shares(10), px("100"));
    desk.quote("MSFT", px("100"));
    ASSERT_EQ(desk.check(buy("MSFT", shares(10))).violation().kind, V::OpenPositions);
    desk.portfolio.fill(Symbol("XOM"), Side::sell, shares(10), px("100"));
    EXPECT_TRUE(desk.check(buy("MSFT", shares(10))).accepted());
}

}  // namespace
}  // namespace robo::risk::test
