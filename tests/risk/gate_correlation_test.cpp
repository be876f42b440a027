// The correlation limit is live: fed from the tracker, compared in absolute value, exactly
// at the limit passes; and the risk snapshot gathers heat, exposure, drawdown, P&L,
// diversification and the kill switch in one place.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "desk.hpp"

namespace robo::risk::test {
namespace {

using V = Violation;

// Feeds `rows` daily closes for AAPL, MSFT and XOM: MSFT's returns are AAPL's plus a little
// noise (highly correlated), XOM's are the opposite of AAPL's.
void feed_history(CorrelationTracker& t, int rows) {
    std::mt19937_64 rng(42);
    std::normal_distribution<double> d(0, 0.01);
    double a = 100, m = 100, x = 100;
    for (int k = 0; k < rows; ++k) {
        Timestamp day = from_civil(2024, 1, 1) + std::chrono::hours(24) * k;
        double r = d(rng);
        a *= 1 + r;
        m *= 1 + r + 0.3 * d(rng);
        x *= 1 - r;
        t.on_close(Symbol("AAPL"), day, a);
        t.on_close(Symbol("MSFT"), day, m);
        t.on_close(Symbol("XOM"), day, x);
    }
    t.flush();
}

RiskLimits correlation_limit(double limit) {
    RiskLimits l = wide_limits();
    l.correlation_limit = limit;
    return l;
}

TEST(RiskGateCorrelation, ANewPositionTooCorrelatedWithAHeldOneIsRejected) {
    Desk d(correlation_limit(0.7));
    feed_history(d.tracker, 61);
    d.hold("AAPL", shares(10), px("100"));
    d.quote("MSFT", px("100"));
    auto v = d.check(buy("MSFT", shares(10)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::Correlation);
    EXPECT_EQ(v.violation().other, Symbol("AAPL"));
    EXPECT_NEAR(v.violation().value, *d.tracker.correlation(Symbol("MSFT"), Symbol("AAPL")), 1e-15);
    EXPECT_GT(v.violation().value, 0.9);
}

TEST(RiskGateCorrelation, CorrelationExactlyAtTheLimitPasses) {
    Desk probe;
    feed_history(probe.tracker, 61);
    const double r = *probe.tracker.correlation(Symbol("MSFT"), Symbol("AAPL"));

    Desk at(correlation_limit(r));
    feed_history(at.tracker, 61);
    at.hold("AAPL", shares(10), px("100"));
    at.quote("MSFT", px("100"));
    EXPECT_TRUE(at.check(buy("MSFT", shares(10))).accepted());

    Desk below(correlation_limit(std::nextafter(r, 0.0)));  // the smallest step under it
    feed_history(below.tracker, 61);
    below.hold("AAPL", shares(10), px("100"));
    below.quote("MSFT", px("100"));
    EXPECT_TRUE(below.check(buy("MSFT", shares(10))).has(V::Correlation));
}

TEST(RiskGateCorrelation, NegativeCorrelationCountsByItsSize) {
    Desk d(correlation_limit(0.7));
    feed_history(d.tracker, 61);
    d.hold("AAPL", shares(10), px("100"));
    d.quote("XOM", px("100"));
    auto v = d.check(buy("XOM", shares(10)));
    ASSERT_TRUE(v.has(V::Correlation));
    EXPECT_NEAR(v.violation().value, -1.0, 1e-9);
}

TEST(RiskGateCorrelation, TooFewObservationsLeaveTheCorrelationUnknownAndTheOrderPasses) {
    Desk d(correlation_limit(0.7));
    feed_history(d.tracker, 30);  // 29 returns
    d.hold("AAPL", shares(10), px("100"));
    d.quote("MSFT", px("100"));
    EXPECT_TRUE(d.check(buy("MSFT", shares(10))).accepted());
}

TEST(RiskGateCorrelation, ThirtyObservationsAreEnoughToAct) {
    Desk d(correlation_limit(0.7));
    feed_history(d.tracker, 31);  // 30 returns
    d.hold("AAPL", shares(10), px("100"));
    d.quote("MSFT", px("100"));
    EXPECT_TRUE(d.check(buy("MSFT", shares(10))).has(V::Correlation));
}

TEST(RiskGateCorrelation, AddingToTheSameSymbolIsNotCorrelatedWithItself) {
    Desk d(correlation_limit(0.7));
    feed_history(d.tracker, 61);
    d.hold("AAPL", shares(10), px("100"));
    EXPECT_TRUE(d.check(buy("AAPL", shares(10))).accepted());
}

TEST(RiskSnapshot, GathersHeatExposureDrawdownPnlAndTheKillSwitch) {
    RiskLimits l = wide_limits();
    l.short_selling = true;
    Desk d(l, usd(100'000));
    feed_history(d.tracker, 61);
    d.hold("AAPL", shares(100), px("100"), px("95"));  // Tech 10,000; risk 500
    d.hold("MSFT", shares(50), px("100"));             // Tech 5,000; no stop: 2 % = 100
    d.hold("XOM", shares(-100), px("50"), px("52"));   // Energy 5,000 short; risk 200
    d.portfolio.mark(Symbol("AAPL"), px("99"));        // equity -100 today
    auto s = d.gate.snapshot(d.portfolio, d.now);
    EXPECT_EQ(s.equity, usd(99'900));
    EXPECT_EQ(s.gross_exposure, Money::parse("19900"));
    EXPECT_EQ(s.net_exposure, Money::parse("9900"));
    EXPECT_EQ(s.heat, Money::parse("700"));  // (99 - 95) * 100 + 100 + 200
    EXPECT_NEAR(s.heat_pct, 700 / 99'900.0, 1e-15);
    EXPECT_NEAR(s.leverage, 19'900 / 99'900.0, 1e-15);
    EXPECT_EQ(s.daily_pnl, usd(-100));
    EXPECT_NEAR(s.drawdown_pct, 100 / 100'000.0, 1e-15);
    EXPECT_EQ(s.open_positions, 3);
    ASSERT_EQ(s.sectors.size(), 2u);
    EXPECT_EQ(s.sectors[0].sector, "Tech");
    EXPECT_EQ(s.sectors[0].gross, Money::parse("14900"));
    EXPECT_EQ(s.sectors[1].sector, "Energy");
    EXPECT_GT(s.effective_bets, 1.0);
    EXPECT_LT(s.effective_bets, 3.0);
    EXPECT_FALSE(s.kill_switch_tripped);
    auto j = s.to_json();
    EXPECT_EQ(j["equity"], "99900.00");
    EXPECT_EQ(j["kill_switch"]["tripped"], false);
    d.kill_switch.trip("operator", "test", d.now);
    EXPECT_TRUE(d.gate.snapshot(d.portfolio, d.now).kill_switch_tripped);
}

}  // namespace
}  // namespace robo::risk::test
