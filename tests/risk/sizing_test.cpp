// Position sizing: each method's arithmetic, the caps every size respects, lot rounding,
// and a zero size with a reason (never a negative or absurd one) when inputs are missing.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "desk.hpp"
#include "robo/risk/sizing.hpp"

namespace robo::risk::test {
namespace {

SizingInput at(const char* price, int64_t equity = 100'000) {
    SizingInput in;
    in.price = px(price);
    in.equity = usd(equity);
    in.buying_power = usd(equity * 2);
    return in;
}

TEST(Sizing, FixedFractionalBuysTheMaxPositionShareOfEquity) {
    PositionSizer sizer(RiskLimits{});  // 2 % of 100,000 = 2,000
    EXPECT_EQ(sizer.size(SizingMethod::fixed, at("100")).quantity, shares(20));
    EXPECT_EQ(sizer.size(SizingMethod::fixed, at("99.99")).quantity, shares(20));   // 20.002 -> 20
    EXPECT_EQ(sizer.size(SizingMethod::fixed, at("100.01")).quantity, shares(19));  // floor, never up
}

TEST(Sizing, AtrRisksTheShareOfEquityToAStopAtAtrTimesMultiplier) {
    RiskLimits l;
    l.risk_per_trade_pct = 0.01;  // risk 1,000
    l.atr_multiplier = 2;         // stop 2 * 2.5 = 5 away
    l.max_position_pct = 0.5;
    auto in = at("50");
    in.atr = 2.5;
    auto d = PositionSizer(l).size(SizingMethod::atr, in);
    EXPECT_EQ(d.quantity, shares(200));  // 1,000 / 5
    ASSERT_TRUE(d.stop);
    EXPECT_EQ(*d.stop, px("45"));
    EXPECT_EQ(d.reason, "");
}

TEST(Sizing, AtrSizeIsCappedAtTheMaxPositionShare) {
    RiskLimits l;  // 2 %: 2,000 at 100 is 20 shares, though ATR alone would say 200
    auto in = at("100");
    in.atr = 2.5;
    auto d = PositionSizer(l).size(SizingMethod::atr, in);
    EXPECT_EQ(d.quantity, shares(20));
    EXPECT_EQ(d.reason, "capped at max_position_pct");
}

TEST(Sizing, AtrForAShortPutsTheStopAbove) {
    RiskLimits l;
    l.max_position_pct = 0.5;
    auto in = at("50");
    in.side = Side::sell;
    in.atr = 2.5;
    EXPECT_EQ(*PositionSizer(l).size(SizingMethod::atr, in).stop, px("55"));
}

TEST(Sizing, KellyUsesAFractionOfTheFullKellyBet) {
    RiskLimits l;
    l.max_position_pct = 0.2;
    l.kelly_fraction = 0.25;
    auto in = at("100");
    in.stats = TradeStats{50, 0.6, 2.0};  // f* = 0.6 - 0.4 / 2 = 0.4; a quarter is 0.1
    EXPECT_EQ(PositionSizer(l).size(SizingMethod::kelly, in).quantity, shares(100));  // 10,000
}

TEST(Sizing, KellyIsCappedAtTheMaxPositionShare) {
    auto in = at("100");
    in.stats = TradeStats{50, 0.6, 2.0};
    auto d = PositionSizer(RiskLimits{}).size(SizingMethod::kelly, in);
    EXPECT_EQ(d.quantity, shares(20));
    EXPECT_EQ(d.reason, "capped at max_position_pct");
}

TEST(Sizing, BuyingPowerAndOrderNotionalCapTheSize) {
    RiskLimits l;
    l.max_position_pct = 1;
    l.max_position_notional = usd(1'000'000);
    auto in = at("100");
    in.buying_power = usd(1'234);
    auto d = PositionSizer(l).size(SizingMethod::fixed, in);
    EXPECT_EQ(d.quantity, shares(12));
    EXPECT_EQ(d.reason, "capped at buying power");
    in.buying_power = usd(1'000'000);
    EXPECT_EQ(PositionSizer(l).size(SizingMethod::fixed, in).quantity,
              shares(100));  // max_order_notional 10,000
}

TEST(Sizing, RoundsDownToWholeLots) {
    RiskLimits l;
    l.max_position_pct = 0.25;
    auto in = at("100");
    in.lot = shares(100);
    EXPECT_EQ(PositionSizer(l).size(SizingMethod::fixed, in).quantity, shares(100));  // 10,000 cap: 100
    in.price = px("101");
    auto d = PositionSizer(l).size(SizingMethod::fixed, in);
    EXPECT_TRUE(d.zero());
    EXPECT_NE(d.reason.find("less than one lot"), std::string::npos) << d.reason;
}

TEST(Sizing, FractionalLotsAreSupported) {
    auto in = at("300");
    in.lot = Quantity::parse("0.0001");
    EXPECT_EQ(PositionSizer(RiskLimits{}).size(SizingMethod::fixed, in).quantity, Quantity::parse("6.6666"));
}

TEST(LotSizes, OneStepForAllOrOnePerSymbolWithAStarForTheOthers) {
    EXPECT_EQ(LotSizes::parse("0.01").of(Symbol("AAPL")), Quantity::parse("0.01"));
    const auto lots = LotSizes::parse("INDEX-FUTURE=0.01, BRK.A=1,*=100");
    EXPECT_EQ(lots.of(Symbol("INDEX-FUTURE")), Quantity::parse("0.01"));
    EXPECT_EQ(lots.of(Symbol("BRK.A")), Quantity::parse("1"));
    EXPECT_EQ(lots.of(Symbol("AAPL")), Quantity::parse("100"));
    EXPECT_EQ(LotSizes::parse("ES=0.5").of(Symbol("AAPL")), Quantity::parse("1"));  // others: whole shares
}

TEST(LotSizes, ABadEntryIsNamedWithWhatWasExpected) {
    auto message = [](const char* text) {
        try {
            LotSizes::parse(text);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(
        message("AAPL=0"),
        "EXECUTION_LOT_SIZE: \"AAPL=0\": expected a positive quantity step of at least 0.0001, found \"0\"");
    EXPECT_EQ(
        message("AAPL"),
        "EXECUTION_LOT_SIZE: \"AAPL\": expected a positive quantity step of at least 0.0001, found \"AAPL\"");
    EXPECT_EQ(message("AAPL=1,0.5"),
              "EXECUTION_LOT_SIZE: \"0.5\": expected SYMBOL=step (or *=step for the other symbols)");
    EXPECT_EQ(message("A;B=1"), "EXECUTION_LOT_SIZE: \"A;B=1\": \"A;B\" is not a symbol");
}

TEST(Sizing, MissingInputsGiveZeroWithTheReason) {
    PositionSizer sizer(RiskLimits{});
    EXPECT_EQ(sizer.size(SizingMethod::atr, at("100")).reason, "no ATR yet");
    EXPECT_EQ(sizer.size(SizingMethod::kelly, at("100")).reason, "no trade history");
    auto few = at("100");
    few.stats = TradeStats{5, 0.6, 2.0};
    EXPECT_EQ(sizer.size(SizingMethod::kelly, few).reason, "too little trade history: 5 trades, need 20");
    auto losing = at("100");
    losing.stats = TradeStats{50, 0.3, 1.0};
    EXPECT_EQ(sizer.size(SizingMethod::kelly, losing).reason, "no edge: full Kelly fraction -0.4000");
    EXPECT_EQ(sizer.size(SizingMethod::kelly, losing).zero_cause, ZeroCause::no_edge);
    EXPECT_EQ(sizer.size(SizingMethod::atr, at("100")).zero_cause, ZeroCause::no_atr);
    EXPECT_EQ(sizer.size(SizingMethod::fixed, at("0")).zero_cause, ZeroCause::no_price);
    EXPECT_EQ(sizer.size(SizingMethod::fixed, at("0")).reason, "no usable price (0)");
    EXPECT_EQ(sizer.size(SizingMethod::fixed, at("100", 0)).reason, "no equity to size against (0)");
    auto nan_atr = at("100");
    nan_atr.atr = std::nan("");
    EXPECT_TRUE(sizer.size(SizingMethod::atr, nan_atr).zero());
}

TEST(Sizing, TheConfiguredMethodIsUsedByDefault) {
    RiskLimits l;
    l.position_sizing = SizingMethod::fixed;
    EXPECT_EQ(PositionSizer(l).size(at("100")).quantity, shares(20));
    l.position_sizing = SizingMethod::atr;
    EXPECT_EQ(PositionSizer(l).size(at("100")).reason, "no ATR yet");
}

RC_GTEST_PROP(Sizing, NeverNegativeAndNeverBeyondTheCaps, ()) {
    RiskLimits l;
    SizingInput in;
    in.price = Price::from_raw(*rc::gen::inRange<int64_t>(-100'000'000, 100'000'000'000));
    in.equity = Money::from_units(*rc::gen::inRange<int64_t>(-1'000, 10'000'000));
    in.buying_power = Money::from_units(*rc::gen::inRange<int64_t>(-1'000, 10'000'000));
    if (*rc::gen::arbitrary<bool>()) in.atr = *rc::gen::inRange(-100, 100) / 7.0;
    if (*rc::gen::arbitrary<bool>())
        in.stats = TradeStats{*rc::gen::inRange(0, 100), *rc::gen::inRange(0, 101) / 100.0,
                              *rc::gen::inRange(0, 500) / 100.0};
    const auto method = *rc::gen::element(SizingMethod::fixed, SizingMethod::atr, SizingMethod::kelly);
    auto d = PositionSizer(l).size(method, in);
    RC_ASSERT(!d.quantity.is_negative());
    if (d.zero()) {
        RC_ASSERT(!d.reason.empty());
    } else {
        Money notional = in.price * d.quantity;
        RC_ASSERT(notional.to_double() <= in.equity.to_double() * l.max_position_pct + 1e-6);
        RC_ASSERT(notional <= in.buying_power);
        RC_ASSERT(notional <= l.max_order_notional);
    }
}

}  // namespace
}  // namespace robo::risk::test
