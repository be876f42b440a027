#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "robo/core/units.hpp"

using namespace robo;

TEST(Decimal, ParsesExactlyAndFormatsCanonically) {
    EXPECT_EQ(Price::parse("189.37").raw(), 18'937'000'000);
    EXPECT_EQ(Price::parse("189.37").to_string(), "189.37");
    EXPECT_EQ(Price::parse("-0.5").to_string(), "-0.5");
    EXPECT_EQ(Price::parse("+7").to_string(2), "7.00");
    EXPECT_EQ(Price::parse("007.1000").to_string(), "7.1");
    EXPECT_EQ(Price::parse(".25").to_string(), "0.25");
    EXPECT_EQ(Quantity::parse("100").to_string(), "100");
}

TEST(Decimal, RefusesPrecisionLossUnlessAskedToRound) {
    EXPECT_THROW(Price::parse("112.62999725341797"), DecimalError);
    EXPECT_EQ(Price::parse_rounded("112.62999725341797").to_string(), "112.62999725");
    EXPECT_EQ(Price::parse("1.123456780000").to_string(), "1.12345678");  // zeros are not loss
    EXPECT_THROW(Quantity::parse("1.00001"), DecimalError);
}

TEST(Decimal, RoundsHalfToEven) {
    EXPECT_EQ(Quantity::parse_rounded("0.00005").raw(), 0);    // tie, to even 0
    EXPECT_EQ(Quantity::parse_rounded("0.00015").raw(), 2);    // tie, to even 2
    EXPECT_EQ(Quantity::parse_rounded("0.000051").raw(), 1);   // above the tie
    EXPECT_EQ(Quantity::parse_rounded("-0.00015").raw(), -2);
}

TEST(Decimal, RefusesBadTextAndOverflow) {
    for (const char* bad : {"", "-", ".", "189.3.7", "1e5", "12a", " 1", "n/a", "1,000"})
        EXPECT_THROW(Price::parse(bad), DecimalError) << bad;
    EXPECT_THROW(Price::parse("92233720368.54775808"), DecimalError);  // int64 max + 1 unit
    EXPECT_NO_THROW(Price::parse("92233720368.54775807"));
    EXPECT_THROW(Money::parse("92233720368.54775807") + Money::parse("0.00000001"), DecimalError);
}

TEST(Decimal, ErrorMessageNamesTheTextAndTheRule) {
    try {
        Price::parse("189.3.7");
        FAIL();
    } catch (const DecimalError& e) {
        EXPECT_NE(std::string(e.what()).find("\"189.3.7\""), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("8 places"), std::string::npos);
    }
}

TEST(Money, PriceTimesQuantityIsExact) {
    Money cost = Price::parse("189.37") * Quantity::parse("100");
    EXPECT_EQ(cost, Money::parse("18937"));
    // 0.1 + 0.2 problem does not exist here.
    EXPECT_EQ(Money::parse("0.1") + Money::parse("0.2"), Money::parse("0.3"));
    // Fractional shares: 0.0001 share at $0.00000001 rounds half-to-even to 0.
    EXPECT_EQ((Price::parse("0.00000001") * Quantity::parse("0.0001")).raw(), 0);
    EXPECT_EQ(Price::parse("123.45678901") * Quantity::parse("2.5"), Money::parse("308.64197252"));
}

TEST(Money, AveragePriceRoundsHalfToEven) {
    EXPECT_EQ(average_price(Money::parse("300"), Quantity::parse("3")), Price::parse("100"));
    EXPECT_EQ(average_price(Money::parse("100"), Quantity::parse("3")), Price::parse("33.33333333"));
    EXPECT_THROW(average_price(Money::parse("1"), Quantity{}), DecimalError);
}

TEST(Money, BasisPoints) {
    EXPECT_EQ(basis_points(Money::parse("10000"), 5), Money::parse("5"));
    EXPECT_EQ(basis_points(Money::parse("1"), 1), Money::parse("0.0001"));
}

TEST(Decimal, FromDoubleIsNearestAndRefusesNaN) {
    EXPECT_EQ(Price::from_double(109.25).to_string(), "109.25");
    EXPECT_EQ(Price::from_double(0.1 + 0.2).to_string(), "0.3");
    EXPECT_THROW(Price::from_double(std::nan("")), DecimalError);
    EXPECT_THROW(Price::from_double(1e300), DecimalError);
}

RC_GTEST_PROP(Decimal, FormatParseRoundTrip, (int64_t raw)) {
    auto p = Price::from_raw(raw);
    RC_ASSERT(Price::parse(p.to_string()) == p);
    RC_ASSERT(Price::parse(p.to_string(2)) == p);
}

RC_GTEST_PROP(Decimal, AdditionIsExactAndInvertible, (int32_t a, int32_t b)) {
    auto x = Money::from_raw(a), y = Money::from_raw(b);
    RC_ASSERT((x + y - y) == x);
    RC_ASSERT((x + y).raw() == static_cast<int64_t>(a) + b);
}
