// Each pre-trade limit on both sides of its boundary: exactly at the limit passes, the
// smallest step beyond it is rejected with the numbers that caused it.
#include <gtest/gtest.h>

#include "desk.hpp"

namespace robo::risk::test {
namespace {

using V = Violation;

RiskLimits with(void (*tweak)(RiskLimits&)) {
    RiskLimits l = wide_limits();
    tweak(l);
    return l;
}

// ---------- position size (share of equity) ----------
TEST(RiskGateLimits, PositionExactlyAtMaxShareOfEquityPasses) {
    Desk d(with([](RiskLimits& l) { l.max_position_pct = 0.02; }));  // 2 % of 100,000 = 2,000
    d.quote("AAPL", px("100"));
    EXPECT_TRUE(d.check(buy("AAPL", shares(20), px("100"))).accepted());
}

TEST(RiskGateLimits, PositionBeyondMaxShareOfEquityIsRejected) {
    Desk d(with([](RiskLimits& l) { l.max_position_pct = 0.02; }));
    d.quote("AAPL", px("100"));
    auto v = d.check(buy("AAPL", shares(20), px("100.01")));  // 2,000.20
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::PositionSize);
    EXPECT_NEAR(v.violation().value, 0.020002, 1e-12);
    EXPECT_EQ(v.violation().limit, 0.02);
}

TEST(RiskGateLimits, PositionShareCountsWhatIsAlreadyHeld) {
    Desk d(with([](RiskLimits& l) { l.max_position_pct = 0.02; }));
    d.hold("AAPL", shares(15), px("100"));
    EXPECT_TRUE(d.gate.evaluate(buy("AAPL", shares(5), px("100")), d.portfolio, d.now).accepted());
    EXPECT_TRUE(d.gate.evaluate(buy("AAPL", shares(6), px("100")), d.portfolio, d.now).has(V::PositionSize));
}

// ---------- position notional ----------
TEST(RiskGateLimits, PositionNotionalAtLimitPassesAndBeyondIsRejected) {
    Desk d(with([](RiskLimits& l) { l.max_position_notional = usd(5'000); }));
    d.quote("AAPL", px("100"));
    EXPECT_TRUE(d.check(buy("AAPL", shares(50), px("100"))).accepted());
    d.portfolio = MemoryPortfolio(usd(100'000), 100);
    auto v = d.check(buy("AAPL", shares(50), px("100.01")));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::PositionNotional);
    EXPECT_DOUBLE_EQ(v.violation().value, 5000.5);
}

// ---------- per-order notional ----------
TEST(RiskGateLimits, OrderNotionalAtLimitPassesAndOneCentBeyondIsRejected) {
    Desk d(with([](RiskLimits& l) { l.max_order_notional = usd(10'000); }));
    d.quote("AAPL", px("100"));
    EXPECT_TRUE(d.gate.evaluate(buy("AAPL", shares(100), px("100")), d.portfolio, d.now).accepted());
    auto v = d.gate.evaluate(buy("AAPL", shares(100), px("100.0001")), d.portfolio, d.now);  // 10,000.01
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::OrderNotional);
    EXPECT_DOUBLE_EQ(v.violation().value, 10000.01);
    EXPECT_DOUBLE_EQ(v.violation().limit, 10000);
}

// ---------- daily notional ----------
TEST(RiskGateLimits, DailyNotionalAddsTodaysTradingToTheOrder) {
    Desk d(with([](RiskLimits& l) { l.max_daily_notional = usd(100'000); }), usd(1'000'000));
    d.portfolio.fill(Symbol("XOM"), Side::buy, shares(950), px("100"));  // 95,000 traded today
    d.quote("AAPL", px("100"));
    EXPECT_TRUE(d.gate.evaluate(buy("AAPL", shares(50), px("100")), d.portfolio, d.now).accepted());
    auto v = d.gate.evaluate(buy("AAPL", shares(50), px("100.01")), d.portfolio, d.now);
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::DailyNotional);
    EXPECT_DOUBLE_EQ(v.violation().value, 100000.5);
}

// ---------- open positions ----------
TEST(RiskGateLimits, OpeningTheLastAllowedPositionPasses) {
    Desk d(with([](RiskLimits& l) { l.max_open_positions = 3; }));
    d.hold("AAPL", shares(1), px("100"));
    d.hold("MSFT", shares(1), px("100"));
    d.quote("XOM", px("100"));
    EXPECT_TRUE(d.check(buy("XOM", shares(1))).accepted());
}

TEST(RiskGateLimits, OpeningOneMorePositionThanAllowedIsRejectedButAddingToOneIsNot) {
    Desk d(with([](RiskLimits& l) { l.max_open_positions = 3; }));
    d.hold("AAPL", shares(1), px("100"));
    d.hold("MSFT", shares(1), px("100"));
    d.hold("XOM", shares(1), px("100"));
    d.quote("JPM", px("100"));
    auto v = d.check(buy("JPM", shares(1)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::OpenPositions);
    EXPECT_EQ(v.violation().value, 4);
    EXPECT_TRUE(d.check(buy("AAPL", shares(1))).accepted());
}

// ---------- buying power ----------
TEST(RiskGateLimits, BuyingPowerExactlySpentPassesAndBeyondIsRejected) {
    Desk d(wide_limits(), usd(10'000), /*margin=*/0.5);  // buying power 5,000
    d.quote("AAPL", px("100"));
    EXPECT_TRUE(d.gate.evaluate(buy("AAPL", shares(50), px("100")), d.portfolio, d.now).accepted());
    auto v = d.gate.evaluate(buy("AAPL", shares(50), px("100.01")), d.portfolio, d.now);
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::BuyingPower);
    EXPECT_DOUBLE_EQ(v.violation().value, 5000.5);
    EXPECT_DOUBLE_EQ(v.violation().limit, 5000);
}

// ---------- leverage ----------
TEST(RiskGateLimits, LeverageAtLimitPassesAndBeyondIsRejected) {
    Desk d(with([](RiskLimits& l) { l.max_leverage = 1.5; }), usd(10'000));
    d.hold("AAPL", shares(100), px("100"));  // gross 10,000 on equity 10,000
    d.quote("MSFT", px("100"));
    EXPECT_TRUE(d.gate.evaluate(buy("MSFT", shares(50), px("100")), d.portfolio, d.now).accepted());
    auto v = d.gate.evaluate(buy("MSFT", shares(50), px("100.01")), d.portfolio, d.now);
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::Leverage);
    EXPECT_NEAR(v.violation().value, 1.50005, 1e-12);
}

// ---------- sector exposure ----------
TEST(RiskGateLimits, SectorExposureAtLimitPassesAndBeyondIsRejectedNamingTheSector) {
    Desk d(with([](RiskLimits& l) { l.max_sector_exposure = 0.30; }));
    d.hold("AAPL", shares(200), px("100"));  // Tech 20,000 of 100,000
    d.quote("MSFT", px("100"));
    EXPECT_TRUE(d.gate.evaluate(buy("MSFT", shares(100), px("100")), d.portfolio, d.now).accepted());
    auto v = d.gate.evaluate(buy("MSFT", shares(100), px("100.01")), d.portfolio, d.now);
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::SectorExposure);
    EXPECT_NEAR(v.violation().value, 0.30001, 1e-12);
    EXPECT_EQ(v.violation().sector_name(), "Tech");
}

TEST(RiskGateLimits, SectorExposureOfAnotherSectorDoesNotCount) {
    Desk d(with([](RiskLimits& l) { l.max_sector_exposure = 0.30; }));
    d.hold("AAPL", shares(200), px("100"));
    d.quote("XOM", px("100"));
    EXPECT_TRUE(d.gate.evaluate(buy("XOM", shares(300), px("100")), d.portfolio, d.now).accepted());
}

TEST(RiskGateLimits, UnmappedSymbolsShareTheLimitedUnknownSector) {
    Desk d(with([](RiskLimits& l) { l.max_sector_exposure = 0.30; }));
    d.hold("ZZZ", shares(200), px("100"));
    d.quote("YYY", px("100"));
    auto v = d.gate.evaluate(buy("YYY", shares(101), px("100")), d.portfolio, d.now);
    ASSERT_TRUE(v.has(V::SectorExposure));
    EXPECT_EQ(v.violation().sector_name(), "Unknown");
}

// ---------- portfolio heat ----------
TEST(RiskGate, RejectsOrderThatWouldPushHeatPastLimit) {
    Desk d(with([](RiskLimits& l) { l.max_portfolio_heat = 0.06; }), usd(10'000));
    d.hold("AAPL", shares(100), px("10"), px("8"));  // 200 of open risk
    d.quote("MSFT", px("10"));
    auto verdict = d.check(with_stop(buy("MSFT", shares(300), px("10")), px("8.50")));  // 450
    ASSERT_TRUE(verdict.rejected());
    EXPECT_EQ(verdict.violation().kind, V::PortfolioHeat);
    EXPECT_NEAR(verdict.violation().value, 0.065, 1e-12);  // (200 + 450) / 10000
}

TEST(RiskGateLimits, HeatExactlyAtLimitPasses) {
    Desk d(with([](RiskLimits& l) { l.max_portfolio_heat = 0.06; }), usd(10'000));
    d.hold("AAPL", shares(100), px("10"), px("8"));  // 200
    d.quote("MSFT", px("10"));
    EXPECT_TRUE(d.check(with_stop(buy("MSFT", shares(200), px("10")), px("8"))).accepted());  // +400 = 600
}

TEST(RiskGateLimits, HeatOneCentOfStopBeyondTheLimitIsRejected) {
    Desk d(with([](RiskLimits& l) { l.max_portfolio_heat = 0.06; }), usd(10'000));
    d.hold("AAPL", shares(100), px("10"), px("8"));
    d.quote("MSFT", px("10"));
    auto v = d.check(with_stop(buy("MSFT", shares(200), px("10")), px("7.99")));  // 402
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::PortfolioHeat);
    EXPECT_NEAR(v.violation().value, 0.0602, 1e-12);
}

TEST(RiskGateLimits, HeatAssumesTheDefaultStopWhenAPositionHasNone) {
    RiskLimits l = with([](RiskLimits& x) { x.max_portfolio_heat = 0.06; });
    l.stop_loss_pct = 0.20;
    Desk d(l, usd(10'000));
    d.hold("AAPL", shares(100), px("10"));  // no stop: 20 % of 1,000 = 200
    d.quote("MSFT", px("10"));
    EXPECT_TRUE(d.gate.evaluate(buy("MSFT", shares(200), px("10")), d.portfolio, d.now).accepted());  // +400
    auto v = d.gate.evaluate(buy("MSFT", shares(201), px("10")), d.portfolio, d.now);                 // +402
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::PortfolioHeat);
}

TEST(RiskGateLimits, AStopBeyondTheMarkCarriesNoFurtherRisk) {
    Desk d(with([](RiskLimits& l) { l.max_portfolio_heat = 0.06; }), usd(10'000));
    d.hold("AAPL", shares(100), px("10"), px("11"));  // stop above the mark of a long: locked in
    d.quote("MSFT", px("10"));
    EXPECT_TRUE(d.check(with_stop(buy("MSFT", shares(300), px("10")), px("8"))).accepted());  // 600 only
}

// ---------- short selling ----------
TEST(RiskGateLimits, ShortSellingIsOffByDefault) {
    RiskLimits l = wide_limits();
    l.short_selling = RiskLimits{}.short_selling;
    ASSERT_FALSE(l.short_selling);
    Desk d(l);
    d.quote("AAPL", px("100"));
    auto v = d.check(sell("AAPL", shares(10)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::ShortSelling);
    EXPECT_EQ(v.violation().value, -10);
}

TEST(RiskGateLimits, SellingExactlyTheHoldingPassesAndOneShareMoreWouldGoShort) {
    Desk d;
    d.hold("AAPL", shares(10), px("100"));
    EXPECT_TRUE(d.gate.evaluate(sell("AAPL", shares(10)), d.portfolio, d.now).accepted());
    EXPECT_TRUE(d.gate.evaluate(sell("AAPL", shares(11)), d.portfolio, d.now).has(V::ShortSelling));
}

TEST(RiskGateLimits, ShortSellingPassesWhenEnabled) {
    RiskLimits l = wide_limits();
    l.short_selling = true;
    Desk d(l);
    d.quote("AAPL", px("100"));
    EXPECT_TRUE(d.check(sell("AAPL", shares(10))).accepted());
}

// ---------- minimum price and volume ----------
TEST(RiskGateLimits, PriceExactlyAtMinimumPassesAndBelowIsRejected) {
    Desk d(with([](RiskLimits& l) { l.min_price = Price::parse("5"); }));
    d.quote("AAPL", px("5"));
    EXPECT_TRUE(d.gate.evaluate(buy("AAPL", shares(1), px("5")), d.portfolio, d.now).accepted());
    auto v = d.gate.evaluate(buy("AAPL", shares(1), px("4.99999999")), d.portfolio, d.now);
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::MinPrice);
}

TEST(RiskGateLimits, VolumeExactlyAtMinimumPassesAndBelowIsRejected) {
    Desk d(with([](RiskLimits& l) { l.min_volume = 1'000'000; }));
    d.quote("AAPL", px("100"), 1'000'000);
    EXPECT_TRUE(d.gate.evaluate(buy("AAPL", shares(1)), d.portfolio, d.now).accepted());
    d.quote("AAPL", px("100"), 999'999);
    auto v = d.gate.evaluate(buy("AAPL", shares(1)), d.portfolio, d.now);
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::MinVolume);
    EXPECT_EQ(v.violation().value, 999'999);
}

// ---------- stale price ----------
TEST(RiskGateLimits, QuoteExactlyAtMaxAgePassesAndOneNanosecondOlderIsStale) {
    Desk d(with([](RiskLimits& l) { l.max_quote_age_seconds = 60; }));
    d.quote("AAPL", px("100"));
    d.now += std::chrono::seconds(60);
    EXPECT_TRUE(d.gate.evaluate(buy("AAPL", shares(1)), d.portfolio, d.now).accepted());
    d.now += Duration(1);
    auto v = d.gate.evaluate(buy("AAPL", shares(1)), d.portfolio, d.now);
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::StalePrice);
    EXPECT_NEAR(v.violation().value, 60.000000001, 1e-12);
}

TEST(RiskGateLimits, NoQuoteAtAllIsStale) {
    Desk d;
    auto v = d.check(buy("AAPL", shares(1), px("100")));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::StalePrice);
    EXPECT_EQ(v.violation().value, -1);
}

// ---------- order rate ----------
TEST(RiskGateLimits, TheLastOrderAllowedPerMinutePassesAndTheNextIsRejected) {
    Desk d(with([](RiskLimits& l) { l.max_orders_per_minute = 3; }));
    d.quote("AAPL", px("100"));
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(d.check(buy("AAPL", shares(1))).accepted()) << "order " << i + 1;
        d.now += std::chrono::seconds(1);
        d.quote("AAPL", px("100"));
    }
    auto v = d.check(buy("AAPL", shares(1)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::OrderRate);
    EXPECT_EQ(v.violation().value, 4);
}

TEST(RiskGateLimits, AnOrderExactlyOneMinuteOldNoLongerCountsTowardsTheRate) {
    Desk d(with([](RiskLimits& l) { l.max_orders_per_minute = 1; }));
    d.quote("AAPL", px("100"));
    ASSERT_TRUE(d.check(buy("AAPL", shares(1))).accepted());
    d.now += std::chrono::seconds(60) - Duration(1);
    d.quote("AAPL", px("100"));
    EXPECT_TRUE(d.check(buy("AAPL", shares(1))).has(V::OrderRate));
    d.now += Duration(1);
    d.quote("AAPL", px("100"));
    EXPECT_TRUE(d.check(buy("AAPL", shares(1))).accepted());
}

TEST(RiskGateLimits, ExitsCountTowardsTheRateAndMayGoOnlyTheirAllowanceBeyondIt) {
    Desk d(with([](RiskLimits& l) {
        l.max_orders_per_minute = 2;
        l.exit_order_allowance = 2;
    }));
    d.hold("AAPL", shares(100), px("100"));
    d.quote("MSFT", px("100"));
    // Exits count like every order: after two exits, an entry is over the rate.
    EXPECT_TRUE(d.check(sell("AAPL", shares(1))).accepted());
    EXPECT_TRUE(d.check(sell("AAPL", shares(1))).accepted());
    auto entry = d.check(buy("MSFT", shares(1)));
    ASSERT_TRUE(entry.rejected());
    EXPECT_EQ(entry.violation().kind, V::OrderRate);
    // Exits have their allowance: two more pass, the fifth in the minute does not.
    EXPECT_TRUE(d.check(sell("AAPL", shares(1))).accepted());
    EXPECT_TRUE(d.check(sell("AAPL", shares(1))).accepted());
    auto exit = d.check(sell("AAPL", shares(1)));
    ASSERT_TRUE(exit.rejected());
    EXPECT_EQ(exit.violation().kind, V::OrderRate);
    EXPECT_EQ(exit.violation().value, 5);
    EXPECT_EQ(exit.violation().limit, 4);
}

TEST(RiskGateLimits, DailyTradesCountEveryOrderOfTheNewYorkDayWithAnAllowanceForExits) {
    Desk d(with([](RiskLimits& l) {
        l.max_daily_trades = 3;
        l.exit_order_allowance = 1;
    }));
    d.hold("AAPL", shares(100), px("100"));
    d.quote("MSFT", px("100"));
    EXPECT_TRUE(d.check(buy("MSFT", shares(1))).accepted());
    EXPECT_TRUE(d.check(sell("AAPL", shares(1))).accepted());
    EXPECT_TRUE(d.check(buy("MSFT", shares(1))).accepted());  // the third: exactly at the limit
    auto entry = d.check(buy("MSFT", shares(1)));
    ASSERT_TRUE(entry.rejected());
    EXPECT_EQ(entry.violation().kind, V::DailyTrades);
    EXPECT_EQ(entry.violation().value, 4);
    EXPECT_TRUE(d.check(sell("AAPL", shares(1))).accepted()) << "an exit's allowance";
    auto exit = d.check(sell("AAPL", shares(1)));
    ASSERT_TRUE(exit.rejected());
    EXPECT_EQ(exit.violation().kind, V::DailyTrades);
    // The next New York day starts a new count (15:00 UTC + 1 day).
    d.now += std::chrono::hours(24);
    d.quote("MSFT", px("100"));
    EXPECT_TRUE(d.check(buy("MSFT", shares(1))).accepted());
}

// ---------- market closed ----------
TEST(RiskGateLimits, MarketClosedRejectsAndAsksTheCalendarAboutNow) {
    Desk d;
    d.quote("AAPL", px("100"));
    d.market_open = false;
    auto v = d.check(buy("AAPL", shares(1)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::MarketClosed);
    d.market_open = true;
    EXPECT_TRUE(d.check(buy("AAPL", shares(1))).accepted());
}

TEST(RiskGateLimits, TheCalendarIsAskedWithTheSimulatedClock) {
    Desk d;
    Timestamp asked{};
    RiskGate gate(
        wide_limits(), test_sectors(),
        [&](Timestamp t) {
            asked = t;
            return true;
        },
        d.kill_switch, d.audit);
    gate.update_market(Symbol("AAPL"), px("100"), d.now, 1e7);
    gate.check(buy("AAPL", shares(1)), d.portfolio, d.now);
    EXPECT_EQ(asked, d.now);
}

// ---------- daily loss and drawdown ----------
TEST(RiskGateLimits, DailyLossExactlyAtLimitPasses) {
    Desk d(with([](RiskLimits& l) { l.max_daily_loss_pct = 0.005; }), usd(100'000));
    d.hold("XOM", shares(1000), px("100"));
    d.portfolio.mark(Symbol("XOM"), px("99.50"));  // equity 99,500: lost 0.5 %
    d.quote("AAPL", px("100"));
    EXPECT_TRUE(d.check(buy("AAPL", shares(1))).accepted());
    EXPECT_FALSE(d.kill_switch.tripped());
}

TEST(RiskGateLimits, DailyLossBeyondLimitRejectsAndTripsTheKillSwitchAtOnce) {
    Desk d(with([](RiskLimits& l) { l.max_daily_loss_pct = 0.005; }), usd(100'000));
    d.hold("XOM", shares(1000), px("100"));
    d.portfolio.mark(Symbol("XOM"), px("99.49999"));  // equity 99,499.99
    d.quote("AAPL", px("100"));
    auto v = d.check(buy("AAPL", shares(1)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::DailyLoss);
    EXPECT_NEAR(v.violation().value, 0.0050001, 1e-12);
    EXPECT_TRUE(d.kill_switch.tripped());
    EXPECT_EQ(d.kill_switch.state().trigger, "daily_loss");
}

TEST(RiskGateLimits, DrawdownFromPeakAtLimitPassesAndBeyondTrips) {
    Desk d(with([](RiskLimits& l) { l.max_drawdown_pct = 0.10; }), usd(0));
    d.portfolio.set_cash(usd(100'000));  // peak 100,000
    d.quote("AAPL", px("100"));
    d.portfolio.set_cash(usd(90'000));
    EXPECT_TRUE(d.check(buy("AAPL", shares(1))).accepted());
    d.portfolio.set_cash(Money::parse("89999.99"));
    auto v = d.check(buy("AAPL", shares(1)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::Drawdown);
    EXPECT_NEAR(v.violation().value, 0.1000001, 1e-12);
    EXPECT_TRUE(d.kill_switch.tripped());
}

// ---------- malformed orders and no equity ----------
TEST(RiskGateLimits, MalformedOrderIsRejectedAsInvalid) {
    Desk d;
    Order o = buy("AAPL", shares(1));
    o.quantity = Quantity{};
    EXPECT_EQ(d.check(o).violation().kind, V::InvalidOrder);
}

TEST(RiskGateLimits, NoEquityRejectsEveryEntry) {
    Desk d(wide_limits(), usd(0));
    d.quote("AAPL", px("100"));
    EXPECT_EQ(d.check(buy("AAPL", shares(1))).violation().kind, V::NoEquity);
}

// ---------- exits ----------
TEST(RiskGate, ExitsAreNeverBlockedByLimitsMeantToStopRiskGrowing) {
    RiskLimits l = with([](RiskLimits& x) {
        x.max_position_pct = 0.01;
        x.max_order_notional = usd(1);
        x.min_price = px("500");
    });
    Desk d(l);
    d.hold("AAPL", shares(100), px("100"));  // 10 % of equity: already beyond everything
    d.now += std::chrono::hours(1);          // and the quote is stale
    EXPECT_TRUE(d.check(sell("AAPL", shares(40))).accepted());
}

TEST(RiskGate, ExitsStillNeedAnOpenMarket) {
    Desk d;
    d.hold("AAPL", shares(100), px("100"));
    d.market_open = false;
    EXPECT_EQ(d.check(sell("AAPL", shares(100))).violation().kind, V::MarketClosed);
}

// ---------- audit ----------
TEST(RiskGate, EveryVerdictIsAudited) {
    Desk d(with([](RiskLimits& l) { l.max_order_notional = usd(1'000); }));
    d.quote("AAPL", px("100"));
    d.check(buy("AAPL", shares(10)));
    d.check(buy("AAPL", shares(11)));
    ASSERT_EQ(d.audit.entries.size(), 2u);
    EXPECT_EQ(d.audit.entries[0].kind, "risk_accepted");
    EXPECT_EQ(d.audit.entries[0].fields["symbol"], "AAPL");
    EXPECT_EQ(d.audit.entries[0].fields["quantity"], "10");
    const auto& rejected = d.audit.entries[1];
    EXPECT_EQ(rejected.kind, "risk_rejected");
    ASSERT_EQ(rejected.fields["violations"].size(), 1u);
    EXPECT_EQ(rejected.fields["violations"][0]["kind"], "order_notional");
    EXPECT_EQ(rejected.fields["violations"][0]["value"], 1100.0);
    EXPECT_EQ(rejected.fields["violations"][0]["limit"], 1000.0);
    EXPECT_EQ(rejected.fields["time"], "2024-03-04T15:00:00.000000Z");
}

TEST(RiskGate, EvaluateHasNoSideEffects) {
    Desk d(with([](RiskLimits& l) { l.max_orders_per_minute = 1; }));
    d.quote("AAPL", px("100"));
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(d.gate.evaluate(buy("AAPL", shares(1)), d.portfolio, d.now).accepted());
    EXPECT_TRUE(d.audit.entries.empty());
}

TEST(RiskGate, AllViolationsAreReportedNotJustTheFirst) {
    Desk d(with([](RiskLimits& l) {
        l.max_order_notional = usd(100);
        l.max_position_pct = 0.0001;
    }));
    d.quote("AAPL", px("100"));
    auto v = d.check(buy("AAPL", shares(2)));
    EXPECT_TRUE(v.has(V::OrderNotional));
    EXPECT_TRUE(v.has(V::PositionSize));
    EXPECT_EQ(v.violations().size(), 2u);
}

TEST(RiskLimits, DefaultsAreTheOriginalSystemsAndValid) {
    RiskLimits l;
    EXPECT_EQ(l.max_position_pct, 0.02);
    EXPECT_EQ(l.max_daily_loss_pct, 0.005);
    EXPECT_EQ(l.max_portfolio_heat, 0.06);
    EXPECT_EQ(l.correlation_limit, 0.7);
    EXPECT_EQ(l.max_leverage, 2.0);
    EXPECT_EQ(l.max_sector_exposure, 0.30);
    EXPECT_EQ(l.max_order_notional, usd(10'000));
    EXPECT_EQ(l.max_daily_notional, usd(100'000));
    EXPECT_EQ(l.max_open_positions, 20);
    EXPECT_EQ(l.kill_switch_violations, 5);
    EXPECT_EQ(l.kill_switch_window_seconds, 300);
    EXPECT_FALSE(l.short_selling);
    EXPECT_EQ(l.validate(), "");
}

TEST(RiskLimits, ValidateNamesTheFieldOutOfRange) {
    RiskLimits l;
    l.correlation_limit = 1.5;
    EXPECT_EQ(l.validate(), "risk: correlation_limit=1.5 must be between 0 and 1");
}

}  // namespace
}  // namespace robo::risk::test
