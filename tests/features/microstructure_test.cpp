// Spread, mid, microprice, imbalance, effective spread and trade signs; the shared bid/ask
// and tick files as real input.
#include <gtest/gtest.h>

#include "robo/data/files/readers.hpp"
#include "robo/features/microstructure.hpp"
#include "support/paths.hpp"

namespace robo::features {
namespace {

const Symbol kSym{"AAPL"};
Quote quote(const char* bid, const char* ask, const char* bid_size = "0", const char* ask_size = "0") {
    return Quote{kSym,
                 from_civil(2024, 1, 2, 15),
                 Price::parse(bid),
                 Price::parse(ask),
                 Quantity::parse(bid_size),
                 Quantity::parse(ask_size)};
}
Tick trade(const char* price) {
    return Tick{kSym, from_civil(2024, 1, 2, 15), Price::parse(price), Quantity::from_units(100)};
}

TEST(Microstructure, SpreadMidAndBasisPointsOfAQuote) {
    Microstructure m;
    const auto f = m.on_quote(quote("99.99", "100.01"));
    EXPECT_DOUBLE_EQ(f.mid, 100.0);
    EXPECT_DOUBLE_EQ(f.spread, 0.02);
    EXPECT_DOUBLE_EQ(f.spread_bps, 2.0);
}

TEST(Microstructure, MicropriceLeansTowardsTheThinSideAndImbalanceMeasuresIt) {
    Microstructure m;
    const auto f = m.on_quote(quote("10.00", "10.10", "300", "100"));  // heavy bid: price likely to rise
    EXPECT_DOUBLE_EQ(*f.microprice, (10.00 * 100 + 10.10 * 300) / 400);
    EXPECT_GT(*f.microprice, f.mid);
    EXPECT_DOUBLE_EQ(*f.imbalance, 0.5);
}

TEST(Microstructure, WithoutSizesMicropriceAndImbalanceAreAbsentNotGuessed) {
    Microstructure m;
    const auto f = m.on_quote(quote("10.00", "10.10"));
    EXPECT_FALSE(f.microprice);
    EXPECT_FALSE(f.imbalance);
}

TEST(Microstructure, EffectiveSpreadIsTwiceTheDistanceToTheMid) {
    Microstructure m;
    m.on_quote(quote("10.00", "10.10"));
    const auto t = m.on_trade(trade("10.08"));
    EXPECT_NEAR(*t.effective_spread, 0.06, 1e-12);
    EXPECT_NEAR(*t.effective_spread_bps, 0.06 / 10.05 * 1e4, 1e-9);
}

TEST(Microstructure, QuoteRuleSignsTradesAboveAndBelowTheMid) {
    Microstructure m;
    m.on_quote(quote("10.00", "10.10"));
    EXPECT_EQ(m.on_trade(trade("10.09")).quote_rule_sign, 1);
    EXPECT_EQ(m.on_trade(trade("10.01")).quote_rule_sign, -1);
    EXPECT_EQ(m.on_trade(trade("10.05")).quote_rule_sign, 0);
}

TEST(Microstructure, TickRuleCarriesTheLastMoveThroughZeroTicks) {
    Microstructure m;
    EXPECT_EQ(m.on_trade(trade("10.00")).tick_rule_sign, 0);  // first trade: unknown
    EXPECT_EQ(m.on_trade(trade("10.02")).tick_rule_sign, 1);
    EXPECT_EQ(m.on_trade(trade("10.02")).tick_rule_sign, 1);  // zero up-tick
    EXPECT_EQ(m.on_trade(trade("10.01")).tick_rule_sign, -1);
    EXPECT_EQ(m.on_trade(trade("10.01")).tick_rule_sign, -1);
}

TEST(Microstructure, LeeReadyUsesTheTickRuleAtTheMidAndWithoutAQuote) {
    Microstructure m;
    m.on_trade(trade("10.00"));
    EXPECT_EQ(m.on_trade(trade("10.04")).sign, 1);  // no quote yet: tick rule
    m.on_quote(quote("10.00", "10.10"));
    EXPECT_EQ(m.on_trade(trade("10.05")).sign, 1);  // at the mid, up-tick from 10.04
    EXPECT_EQ(m.on_trade(trade("10.06")).sign, 1);
    EXPECT_EQ(m.on_trade(trade("10.04")).sign, -1);  // below the mid
}

TEST(Microstructure, CrossedQuotesAndBadTradesAreRefusedAndChangeNothing) {
    Microstructure m;
    m.on_quote(quote("10.00", "10.10"));
    EXPECT_THROW(m.on_quote(quote("10.20", "10.10")), std::invalid_argument);
    EXPECT_THROW(m.on_trade(trade("0")), std::invalid_argument);
    EXPECT_DOUBLE_EQ(m.last_quote()->mid, 10.05);
    EXPECT_NO_THROW(m.on_quote(quote("10.10", "10.10")));  // locked is a real market state
}

TEST(Microstructure, RealBidAskFileGivesPositiveSpreadsInBasisPoints) {
    ROBO_REQUIRE_SHARED_DATA();
    const auto file = data::read_quote_file(test::shared_data_dir() / "intraday" / "bidask-sample.csv");
    ASSERT_EQ(file.quotes.size(), 10u);
    Microstructure m;
    double widest = 0;
    for (const Quote& q : file.quotes) {
        const auto f = m.on_quote(q);
        EXPECT_GT(f.spread, 0);
        EXPECT_NEAR(f.spread_bps, (q.ask.to_double() - q.bid.to_double()) / f.mid * 1e4, 1e-9);
        EXPECT_FALSE(f.microprice);  // the file has no sizes
        widest = std::max(widest, f.spread_bps);
    }
    EXPECT_NEAR(widest, (0.5464 - 0.5245) / 0.53545 * 1e4, 1e-6);  // the 16:53:54 quote, ~409 bps
}

TEST(Microstructure, RealTicksAreSignedByTheirPriceMoves) {
    ROBO_REQUIRE_SHARED_DATA();
    const auto file = data::read_tick_file(test::shared_data_dir() / "intraday" / "ticksample.csv");
    ASSERT_GT(file.ticks.size(), 100u);
    Microstructure m;
    double prev = 0;
    int last_nonzero = 0, buys = 0, sells = 0;
    for (const Tick& t : file.ticks) {
        const double price = t.price.to_double();
        const auto f = m.on_trade(t);
        const int expected = prev == 0 ? 0 : (price > prev ? 1 : (price < prev ? -1 : last_nonzero));
        EXPECT_EQ(f.tick_rule_sign, expected) << format_iso_micros(t.time);
        EXPECT_EQ(f.sign, f.tick_rule_sign);  // no quotes in this file
        if (expected != 0) last_nonzero = expected;
        buys += f.sign > 0;
        sells += f.sign < 0;
        prev = price;
    }
    EXPECT_GT(buys, 10);
    EXPECT_GT(sells, 10);
}

}  // namespace
}  // namespace robo::features
