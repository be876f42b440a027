// The gate and the sizer value a contract at price x multiplier (EXECUTION_CONTRACT_MULTIPLIER).
#include <gtest/gtest.h>

#include "desk.hpp"
#include "robo/core/multiplier.hpp"
#include "robo/risk/sizing.hpp"

namespace robo::risk::test {
namespace {

using V = Violation;

RiskLimits order_notional(int64_t limit) {
    RiskLimits l = wide_limits();
    l.max_order_notional = usd(limit);
    return l;
}

TEST(GateMultiplier, OrderNotionalCountsTheMultiplier) {
    // One ES contract at 4000 is 200,000 of index, not 4,000.
    Desk d(order_notional(200'000), usd(10'000'000));
    d.gate.set_multipliers(ContractMultipliers::parse("ES=50"));
    d.quote("ES", px("4000"));
    EXPECT_TRUE(d.gate.evaluate(buy("ES", shares(1), px("4000")), d.portfolio, d.now).accepted());
    auto v = d.gate.evaluate(buy("ES", shares(1), px("4000.25")), d.portfolio, d.now);
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::OrderNotional);
    EXPECT_DOUBLE_EQ(v.violation().value, 200'012.5);
    EXPECT_DOUBLE_EQ(v.violation().limit, 200'000);
}

TEST(GateMultiplier, WithoutTheMultiplierTheSameOrderIsSmall) {
    Desk d(order_notional(5'000), usd(10'000'000));
    d.quote("ES", px("4000"));
    EXPECT_TRUE(d.gate.evaluate(buy("ES", shares(1), px("4000.25")), d.portfolio, d.now).accepted());
    d.gate.set_multipliers(ContractMultipliers::parse("ES=50"));
    EXPECT_TRUE(
        d.gate.evaluate(buy("ES", shares(1), px("4000.25")), d.portfolio, d.now).has(V::OrderNotional));
    // Other symbols keep 1.
    d.quote("AAPL", px("100"));
    EXPECT_TRUE(d.gate.evaluate(buy("AAPL", shares(50), px("100")), d.portfolio, d.now).accepted());
}

TEST(GateMultiplier, PositionShareOfEquityAndSnapshotExposureCountTheMultiplier) {
    RiskLimits l = wide_limits();
    l.max_position_pct = 0.5;
    Desk d(l, usd(1'000'000));
    d.gate.set_multipliers(ContractMultipliers::parse("ES=50"));
    // 2 contracts x 50 x 4000 = 400,000 = 40 % of equity; a third makes 60 %.
    d.quote("ES", px("4000"));
    EXPECT_TRUE(d.gate.evaluate(buy("ES", shares(2), px("4000")), d.portfolio, d.now).accepted());
    auto v = d.gate.evaluate(buy("ES", shares(3), px("4000")), d.portfolio, d.now);
    ASSERT_TRUE(v.has(V::PositionSize));
    d.hold("ES", shares(2), px("4000"));
    const auto snap = d.gate.snapshot(d.portfolio, d.now);
    EXPECT_EQ(snap.gross_exposure, usd(400'000));
}

TEST(SizerMultiplier, FixedSizeBuysContractsWorthTheBudget) {
    RiskLimits l;  // 2 % of equity
    l.max_position_notional = usd(10'000'000);
    l.max_order_notional = usd(10'000'000);
    PositionSizer sizer(l);
    SizingInput in;
    in.price = px("4000");
    in.equity = usd(50'000'000);  // budget 1,000,000
    in.buying_power = usd(100'000'000);
    EXPECT_EQ(sizer.size(SizingMethod::fixed, in).quantity, shares(250));
    in.multiplier = shares(50);  // a contract is worth 200,000
    EXPECT_EQ(sizer.size(SizingMethod::fixed, in).quantity, shares(5));
}

TEST(SizerMultiplier, AtrRisksAtrTimesMultiplierPerContractAndKeepsTheStopInPrice) {
    RiskLimits l;
    l.risk_per_trade_pct = 0.01;  // risk 10,000 of 1,000,000
    l.atr_multiplier = 2;         // stop 2 x 10 = 20 points away
    l.max_position_pct = 5;       // no cap: 10 contracts are worth twice the equity
    l.max_position_notional = usd(100'000'000);
    l.max_order_notional = usd(100'000'000);
    PositionSizer sizer(l);
    SizingInput in;
    in.price = px("4000");
    in.equity = usd(1'000'000);
    in.buying_power = usd(100'000'000);
    in.atr = 10;
    in.multiplier = shares(50);  // 20 points x 50 = 1,000 per contract -> 10 contracts
    const auto d = sizer.size(SizingMethod::atr, in);
    EXPECT_EQ(d.quantity, shares(10));
    ASSERT_TRUE(d.stop.has_value());
    EXPECT_EQ(*d.stop, px("3980"));
}

}  // namespace
}  // namespace robo::risk::test
