// The readers' fast number path gives exactly what core's parse_scaled gives, for any text.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

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
