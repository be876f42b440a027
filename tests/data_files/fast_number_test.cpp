// The readers' fast number path gives exactly what core's parse_scaled gives, for any text.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdio>
#include <cstring>
#include <random>

#include "robo/data/files/text_scan.hpp"

using namespace robo;
using namespace robo::data;

namespace {
void expect_same(const std::string& text, int places) {
    int64_t fast = -1, slow = -1;
    auto fast_status = parse_rounded_fast(text, places, fast);
    auto slow_status = decimal_detail::parse_scaled(text, places, true, slow);
    RC_ASSERT(fast_status == slow_status);
    if (slow_status == decimal_detail::ParseStatus::ok) RC_ASSERT(fast == slow);
}
}  // namespace

TEST(FastNumber, AgreesWithCoreOnTheSourcesSpellings) {
    int64_t v = 0;
    for (const char* text : {"112.62999725341797", "49650800.0", "0", "3602.00", "0.5346", "1.953125", "2.5",
                             ".5", "5.", "", "-1.5", "+2", "n/a", "1e5", "99999999999.5", "1.000000005",
                             "1.000000015", "1.0000000050000001", "9999999999.999999995"}) {
        int64_t slow = 0;
        auto a = parse_rounded_fast(text, 8, v);
        auto b = decimal_detail::parse_scaled(text, 8, true, slow);
        EXPECT_EQ(a, b) << text;
        if (b == decimal_detail::ParseStatus::ok) {
            EXPECT_EQ(v, slow) << text;
        }
    }
}

// Past the eight places, every length of tail (read in one word): ties exactly at 5, broken by a
// last nonzero digit, and rounding either side of an even and an odd last place.
TEST(FastNumber, AgreesWithCoreOnEveryTailLengthPastAPricesPlaces) {
    for (int tail = 1; tail <= 9; ++tail)
        for (const char* places : {"12345678", "12345679", "00000000", "99999999"})
            for (char first : {'0', '4', '5', '6', '9'})
                for (int last_nonzero = 0; last_nonzero < 2; ++last_nonzero) {
                    std::string rest(size_t(tail - 1), '0');
                    if (tail > 1 && last_nonzero) rest.back() = '3';
                    const std::string text = std::string("7.") + places + first + rest;
                    int64_t fast = -1, slow = -2;
                    ASSERT_EQ(parse_rounded_fast(text, 8, fast),
                              decimal_detail::parse_scaled(text, 8, true, slow));
                    ASSERT_EQ(fast, slow) << text;
                }
}

RC_GTEST_PROP(FastNumber, AgreesWithCoreOnRandomDigitStrings, ()) {
    // Mostly number-shaped text: digits, one dot, sometimes a sign or junk.
    auto chars = rc::gen::weightedElement<char>(
        {{20, '0'}, {20, '5'}, {20, '9'}, {20, '1'}, {5, '.'}, {1, '-'}, {1, '+'}, {1, 'x'}, {1, ' '}});
    std::string text = *rc::gen::container<std::string>(*rc::gen::inRange<size_t>(0, 24), chars);
    int places = *rc::gen::element(4, 8);
    expect_same(text, places);
}

RC_GTEST_PROP(FastNumber, AgreesWithCoreOnPrintedDoubles, (double value)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    expect_same(buf, 8);
    std::snprintf(buf, sizeof buf, "%.12f", std::abs(value) < 1e12 ? value : 1.0);
    expect_same(buf, 4);
}

// The eight places of a price are read in one go: any byte in them, including the neighbours
// of the digits ('/' and ':'), bytes with the high bit set and NUL, sends the text down the
// careful path, which says what is wrong.
RC_GTEST_PROP(FastNumber, AgreesWithCoreWithAnyByteAmongThePlaces, ()) {
    auto digit = rc::gen::inRange<char>('0', char('9' + 1));
    std::string text = *rc::gen::container<std::string>(*rc::gen::inRange<size_t>(1, 4), digit) + "." +
                       *rc::gen::container<std::string>(*rc::gen::inRange<size_t>(6, 16), digit);
    const size_t at = *rc::gen::inRange<size_t>(0, text.size());
    text[at] = static_cast<char>(*rc::gen::inRange<int>(0, 256));
    expect_same(text, 8);
    expect_same(text, 4);
}

TEST(FastNumber, EightDigitsReadsEveryDigitStringAndRefusesEveryOtherByte) {
    std::mt19937_64 rng(11);
    for (int i = 0; i < 100'000; ++i) {
        char text[9];
        std::snprintf(text, sizeof text, "%08u", unsigned(rng() % 100'000'000));
        uint64_t bytes;
        std::memcpy(&bytes, text, 8);
        ASSERT_EQ(eight_digits(bytes), std::optional<uint32_t>(std::stoul(text))) << text;
        if (i >= 200) continue;  // every wrong byte at every place, on 200 of them
        for (int pos = 0; pos < 8; ++pos)
            for (int byte = 0; byte < 256; ++byte) {
                if (byte >= '0' && byte <= '9') continue;
                char bad[8];
                std::memcpy(bad, text, 8);
                bad[pos] = char(byte);
                std::memcpy(&bytes, bad, 8);
                ASSERT_FALSE(eight_digits(bytes)) << pos << " " << byte;
            }
    }
}
