// The gate measures time in the data's terms (risk_gate.hpp): staleness against the bar
// interval and the NYSE calendar, the order rate only where the data is finer than its
// window, and a slice's simultaneous refusals counted once by the kill switch.
#include <gtest/gtest.h>

#include "risk/desk.hpp"

namespace robo::risk::test {
namespace {
using V = Violation;
using namespace std::chrono_literals;
constexpr Duration one_day = std::chrono::days(1);

// A daily bar of `day` (March 2024) becomes known at the next New York midnight.
Timestamp known_after(unsigned day) { return from_civil(2024, 3, day + 1, 5, 0, 0); }  // 00:00 EST

RiskLimits quotes_stale_after_30s() {
    RiskLimits l = wide_limits();
    l.max_quote_age_seconds = 30;
    return l;
}

// One open position allowed, and already held; five counted refusals trip the switch.
RiskLimits one_position_and_five_refusals_trip() {
    RiskLimits l = wide_limits();
    l.max_open_positions = 1;
    l.kill_switch_violations = 5;
    return l;
}

void daily_bar(Desk& d, const char* symbol, Timestamp known) {
    d.gate.update_market(Symbol(symbol), px("100"), known, 10'000'000, one_day);
}
}  // namespace

TEST(RiskGateDataTime, FridaysDailyBarIsFreshOnMondayNight) {
    Desk d(quotes_stale_after_30s());
    daily_bar(d, "AAPL", known_after(8));  // Friday 8 March
    d.now = known_after(11);               // Monday's bar is due now; Friday's is the last seen
    EXPECT_TRUE(d.check(buy("AAPL", shares(1))).accepted());
}

TEST(RiskGateDataTime, ADailyBarIsStaleOnceTheNextTradingDaysBarIsADayLate) {
    Desk d(quotes_stale_after_30s());
    daily_bar(d, "AAPL", known_after(8));  // Friday; Monday and Tuesday bars missing
    d.now = known_after(12);               // Tuesday night
    auto v = d.check(buy("AAPL", shares(1)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::StalePrice);
}

TEST(RiskGateDataTime, AQuoteIsStaleAfterTheQuoteAge) {
    Desk d(quotes_stale_after_30s());
    d.quote("AAPL", px("100"));
    d.now += 31s;
    EXPECT_TRUE(d.check(buy("AAPL", shares(1))).has(V::StalePrice));
}

TEST(RiskGateDataTime, SimultaneousOrdersOnDailyBarsAreNotAnOrderRate) {
    RiskLimits l = wide_limits();
    l.max_orders_per_minute = 30;
    Desk d(l);
    const char* symbols[] = {"AAPL", "MSFT", "NVDA", "XOM", "CVX", "JPM"};
    for (int i = 0; i < 40; ++i) daily_bar(d, symbols[i % 6], d.now);
    for (int i = 0; i < 40; ++i) EXPECT_TRUE(d.check(buy(symbols[i % 6], shares(1))).accepted()) << i;
}

TEST(RiskGateDataTime, TheOrderRateStillHoldsOnQuotes) {
    RiskLimits l = wide_limits();
    l.max_orders_per_minute = 30;
    Desk d(l);
    d.quote("AAPL", px("100"));
    for (int i = 0; i < 30; ++i) ASSERT_TRUE(d.check(buy("AAPL", shares(1))).accepted()) << i;
    EXPECT_TRUE(d.check(buy("AAPL", shares(1))).has(V::OrderRate));
}

TEST(RiskGateDataTime, ASlicesSimultaneousRefusalsCountOnceTowardsTheKillSwitch) {
    Desk d(one_position_and_five_refusals_trip());
    d.hold("JPM", shares(10), px("100"));
    for (const char* s : {"AAPL", "MSFT", "NVDA", "XOM", "CVX", "AAPL"}) {
        d.quote(s, px("100"));
        ASSERT_TRUE(d.check(buy(s, shares(1))).has(V::OpenPositions));
    }
    EXPECT_FALSE(d.kill_switch.tripped());
}

TEST(RiskGateDataTime, RefusalsAtSeparateInstantsStillTripTheKillSwitch) {
    Desk d(one_position_and_five_refusals_trip());
    d.hold("JPM", shares(10), px("100"));
    for (int i = 0; i < 5; ++i) {
        d.now += 1s;
        d.quote("AAPL", px("100"));
        ASSERT_TRUE(d.check(buy("AAPL", shares(1))).has(V::OpenPositions));
    }
    EXPECT_TRUE(d.kill_switch.tripped());
}

TEST(RiskGateDataTime, AStalePriceAloneNeverCountsTowardsTheKillSwitch) {
    RiskLimits l = quotes_stale_after_30s();
    l.kill_switch_violations = 2;
    Desk d(l);
    d.quote("AAPL", px("100"));
    for (int i = 0; i < 5; ++i) {
        d.now += 60s;
        ASSERT_TRUE(d.check(buy("AAPL", shares(1))).has(V::StalePrice));
    }
    EXPECT_FALSE(d.kill_switch.tripped());
}

}  // namespace robo::risk::test

namespace robo::risk::test {

TEST(RiskGateDataTime, EntriesSentButNotFilledCountTowardsOpenPositions) {
    RiskLimits l = wide_limits();
    l.max_open_positions = 2;
    Desk d(l);
    d.hold("JPM", shares(10), px("100"));
    d.quote("AAPL", px("100"));
    d.portfolio.add_working_order({"entry-aapl", Symbol("AAPL"), Side::buy, shares(10)});
    d.quote("MSFT", px("100"));
    auto v = d.check(buy("MSFT", shares(1)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::OpenPositions);
}

TEST(RiskGateDataTime, EntriesSentButNotFilledCountTowardsLeverage) {
    RiskLimits l = wide_limits();
    l.max_leverage = 1.0;
    Desk d(l);
    d.quote("AAPL", px("100"));
    d.portfolio.add_working_order({"entry-aapl", Symbol("AAPL"), Side::buy, shares(600)});  // 60,000
    d.quote("MSFT", px("100"));
    EXPECT_TRUE(d.check(buy("MSFT", shares(500))).has(V::Leverage));  // 110,000 of 100,000
}

TEST(RiskGateDataTime, AProtectiveStopIsNotAnEntry) {
    RiskLimits l = wide_limits();
    l.max_open_positions = 2;
    Desk d(l);
    d.hold("JPM", shares(10), px("100"));
    d.portfolio.add_working_order({"stop-jpm", Symbol("JPM"), Side::sell, shares(10)});
    d.quote("MSFT", px("100"));
    EXPECT_TRUE(d.check(buy("MSFT", shares(1))).accepted());
}

}  // namespace robo::risk::test
