// The gate's fast notional is exactly core's Price x Quantity, rounding included.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "robo/risk/notional.hpp"

namespace robo::risk {
namespace {

RC_GTEST_PROP(Notional, EqualsCoresPriceTimesQuantity, ()) {
    const auto price = Price::from_raw(*rc::gen::oneOf(
        rc::gen::inRange<int64_t>(-1'000'000'000'000, 1'000'000'000'000), rc::gen::arbitrary<int64_t>()));
    const auto qty = Quantity::from_raw(
        *rc::gen::oneOf(rc::gen::inRange<int64_t>(-100'000'000, 100'000'000), rc::gen::arbitrary<int64_t>()));
    Money core;
    try {
        core = price * qty;
    } catch (const DecimalError&) {
        RC_ASSERT_THROWS_AS(notional(price, qty), DecimalError);
        return;
    }
    RC_ASSERT(notional(price, qty) == core);
}

TEST(Notional, HalvesRoundToEven) {
    // 0.00000001 x 0.5000 = 0.000000005 -> 0 (even); 0.00000003 x 0.5 = 0.000000015 -> 0.00000002
    EXPECT_EQ(notional(Price::from_raw(1), Quantity::parse("0.5")), Money::from_raw(0));
    EXPECT_EQ(notional(Price::from_raw(3), Quantity::parse("0.5")), Money::from_raw(2));
    EXPECT_EQ(notional(Price::from_raw(-3), Quantity::parse("0.5")), Money::from_raw(-2));
    EXPECT_EQ(notional(Price::parse("189.37"), Quantity::from_units(-100)), Money::parse("-18937"));
}

}  // namespace
}  // namespace robo::risk
