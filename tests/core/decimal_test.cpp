#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <limits>
#include <optional>

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
    EXPECT_EQ(Quantity::parse_rounded("0.00005").raw(), 0);   // tie, to even 0
    EXPECT_EQ(Quantity::parse_rounded("0.00015").raw(), 2);   // tie, to even 2
    EXPECT_EQ(Quantity::parse_rounded("0.000051").raw(), 1);  // above the tie
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

namespace {
// mul_div_round as it was before its 64-bit fast path: everything in 128 bits.
std::optional<int64_t> wide_mul_div_round(int64_t a, int64_t b, int64_t divisor) {
    __extension__ typedef __int128 int128;
    const int128 p = int128(a) * b;
    const bool negative = (p < 0) != (divisor < 0);
    const int128 n = p < 0 ? -p : p, d = divisor < 0 ? -int128(divisor) : int128(divisor);
    int128 q = n / d;
    const int128 r = n % d;
    if (r * 2 > d || (r * 2 == d && (q & 1) != 0)) q += 1;
    if (q > std::numeric_limits<int64_t>::max()) return std::nullopt;
    return negative ? -int64_t(q) : int64_t(q);
}
}  // namespace

// Products below and above 2^64, every scale the units use and odd divisors: the 64-bit
// division gives what the 128-bit one gave, ties to even included.
RC_GTEST_PROP(Decimal, MulDivRoundEqualsTheAll128BitComputation, ()) {
    const auto a = *rc::gen::inRange<int64_t>(-(int64_t(1) << 42), int64_t(1) << 42);
    const auto b = *rc::gen::inRange<int64_t>(-(int64_t(1) << 30), int64_t(1) << 30);
    const auto divisor = *rc::gen::oneOf(
        rc::gen::element<int64_t>(1, 2, 10'000, 100'000'000, 1'000'000'000'000), rc::gen::nonZero<int64_t>());
    const auto expected = wide_mul_div_round(a, b, divisor);
    if (expected) {
        RC_ASSERT(decimal_detail::mul_div_round(a, b, divisor) == *expected);
    } else {
        RC_ASSERT_THROWS_AS(decimal_detail::mul_div_round(a, b, divisor), DecimalError);
    }
}

TEST(Decimal, MulDivRoundAtTheEdgeOf64BitProducts) {
    const int64_t big = int64_t(1) << 32;
    // 2^64 - 2^33 + 1 fits 64 bits, 2^64 does not: both sides of the fast path, exact.
    EXPECT_EQ(decimal_detail::mul_div_round(big - 1, big - 1, 4), *wide_mul_div_round(big - 1, big - 1, 4));
    EXPECT_EQ(decimal_detail::mul_div_round(big, big, 4), int64_t(1) << 62);
    EXPECT_EQ(decimal_detail::mul_div_round(-big, big, 8), -(int64_t(1) << 61));
    EXPECT_EQ(decimal_detail::mul_div_round(5, 1, 2), 2);  // 2.5 -> 2 (even)
    EXPECT_EQ(decimal_detail::mul_div_round(7, 1, 2), 4);  // 3.5 -> 4 (even)
    EXPECT_EQ(decimal_detail::mul_div_round(-5, 1, 2), -2);
}
