#include <gtest/gtest.h>

#include "exec/helpers.hpp"
#include "robo/exec/commission.hpp"

using namespace robo;
using namespace robo::exec;
using namespace robo::test;

// IBKR's own fixed-pricing examples (interactivebrokers.com, Commissions Stocks).
TEST(FixedCommission, HundredSharesAt25PaysTheOneDollarMinimum) {
    CommissionSchedule fixed(CommissionPlan::ibkr_fixed);
    EXPECT_EQ(fixed.single_order(shares(100), px("25"), day(1)), usd("1.00"));  // 0.50 -> min 1.00
}

TEST(FixedCommission, ThousandSharesAt25PaysHalfACentEach) {
    CommissionSchedule fixed(CommissionPlan::ibkr_fixed);
    EXPECT_EQ(fixed.single_order(shares(1000), px("25"), day(1)), usd("5.00"));
}

TEST(FixedCommission, ThousandSharesAtQuarterIsCappedAtOnePercentOfValue) {
    CommissionSchedule fixed(CommissionPlan::ibkr_fixed);
    EXPECT_EQ(fixed.single_order(shares(1000), px("0.25"), day(1)), usd("2.50"));  // 1% of 250
}

TEST(FixedCommission, OnePercentCapWinsOverTheMinimumOnTinyOrders) {
    CommissionSchedule fixed(CommissionPlan::ibkr_fixed);
    EXPECT_EQ(fixed.single_order(shares(10), px("5"), day(1)), usd("0.50"));  // 1% of 50 < 1.00
}

TEST(FixedCommission, PartialFillsOfOneOrderPayTheMinimumOnce) {
    CommissionSchedule fixed(CommissionPlan::ibkr_fixed);
    OrderCommissionState order;
    EXPECT_EQ(fixed.charge(order, shares(100), px("25"), day(1)), usd("1.00"));  // minimum up front
    EXPECT_EQ(fixed.charge(order, shares(900), px("25"), day(1)), usd("4.00"));  // 5.00 in total
    EXPECT_EQ(order.charged, usd("5.00"));
}

TEST(TieredCommission, SmallOrderPaysThe35CentMinimum) {
    CommissionSchedule tiered(CommissionPlan::ibkr_tiered);
    EXPECT_EQ(tiered.single_order(shares(100), px("25"), day(1)), usd("0.35"));  // 0.0035 x 100 = 0.35
    EXPECT_EQ(tiered.single_order(shares(50), px("25"), day(1)), usd("0.35"));   // 0.175 -> 0.35
}

TEST(TieredCommission, FirstTierIs35HundredthsOfACentPerShare) {
    CommissionSchedule tiered(CommissionPlan::ibkr_tiered);
    EXPECT_EQ(tiered.single_order(shares(1000), px("25"), day(1)), usd("3.50"));
}

TEST(TieredCommission, RateDropsOnceTheMonthPasses300000Shares) {
    CommissionSchedule tiered(CommissionPlan::ibkr_tiered);
    EXPECT_EQ(tiered.single_order(shares(300'000), px("100"), day(1)), usd("1050.00"));  // x 0.0035
    EXPECT_EQ(tiered.single_order(shares(1000), px("100"), day(2)), usd("2.00"));        // x 0.002
    EXPECT_EQ(tiered.month_volume(), shares(301'000));
}

TEST(TieredCommission, VolumeStartsAgainInANewMonth) {
    CommissionSchedule tiered(CommissionPlan::ibkr_tiered);
    tiered.single_order(shares(400'000), px("100"), from_civil(2024, 3, 30));
    EXPECT_EQ(tiered.single_order(shares(1000), px("100"), from_civil(2024, 4, 1)), usd("3.50"));
}

TEST(NoCommission, ChargesNothing) {
    CommissionSchedule none(CommissionPlan::none);
    EXPECT_EQ(none.single_order(shares(1000), px("25"), day(1)), Money{});
}

TEST(CommissionPlan, NamesParse) {
    CommissionPlan p;
    ASSERT_TRUE(parse_commission_plan("tiered", p));
    EXPECT_EQ(p, CommissionPlan::ibkr_tiered);
    ASSERT_TRUE(parse_commission_plan("fixed", p));
    EXPECT_EQ(p, CommissionPlan::ibkr_fixed);
    EXPECT_FALSE(parse_commission_plan("free", p));
}
