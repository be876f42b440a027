// The buy-and-hold benchmark: equal weight, whole shares at the first open, same commissions.
#include <gtest/gtest.h>

#include "robo/report/benchmark.hpp"

using namespace robo;
using namespace robo::report;

namespace {
Timestamp day(unsigned d) { return from_civil(2024, 3, d, 5); }
Bar daily(const char* symbol, unsigned d, const char* open, const char* close) {
    return Bar{Symbol(symbol),
               Timeframe::day,
               day(d),
               Price::parse(open),
               Price::parse(open),
               Price::parse(close),
               Price::parse(close),
               Quantity::from_units(1000),
               false};
}
Metrics run_of(std::vector<double> equity) {
    Metrics m;
    m.initial_equity = Money::from_units(100'000);
    for (size_t i = 0; i < equity.size(); ++i) m.daily.push_back({day(unsigned(4 + i)), equity[i]});
    m.start = m.daily.front().day;
    m.end = m.daily.back().day;
    return m;
}
}  // namespace

TEST(Benchmark, SplitsTheCashEquallyAndBuysWholeSharesAtTheFirstOpen) {
    // Half of 100,000 in each: 500 AAA at 100 and 250 BBB at 200, no commissions.
    std::vector<Bar> bars{daily("AAA", 4, "100", "110"), daily("BBB", 4, "200", "200"),
                          daily("AAA", 5, "110", "120"), daily("BBB", 5, "200", "220")};
    std::vector<const Bar*> refs;
    for (const Bar& b : bars) refs.push_back(&b);
    auto b = buy_and_hold(refs, run_of({100'000, 100'000}), exec::CommissionPlan::none);
    ASSERT_EQ(b.daily.size(), 2u);
    EXPECT_DOUBLE_EQ(b.daily[0].equity, 500 * 110 + 250 * 200);
    EXPECT_DOUBLE_EQ(b.daily[1].equity, 500 * 120 + 250 * 220);
    EXPECT_NEAR(b.total_return, 0.15, 1e-12);
    EXPECT_EQ(b.symbols, 2u);
}

TEST(Benchmark, ARunThatIsTheBenchmarkHasBetaOneAndNoAlpha) {
    std::vector<Bar> bars{daily("AAA", 4, "100", "100"), daily("AAA", 5, "100", "110"),
                          daily("AAA", 6, "110", "99"), daily("AAA", 7, "99", "120")};
    std::vector<const Bar*> refs;
    for (const Bar& b : bars) refs.push_back(&b);
    auto b = buy_and_hold(refs, run_of({100'000, 110'000, 99'000, 120'000}), exec::CommissionPlan::none);
    EXPECT_NEAR(b.beta, 1.0, 1e-12);
    EXPECT_NEAR(b.alpha, 0.0, 1e-12);
}

TEST(Benchmark, ChargesTheSameCommissionPlan) {
    std::vector<Bar> bars{daily("AAA", 4, "100", "100")};
    std::vector<const Bar*> refs{&bars[0]};
    auto b = buy_and_hold(refs, run_of({100'000}), exec::CommissionPlan::ibkr_fixed);
    EXPECT_TRUE(b.commissions.is_positive());
    EXPECT_LT(b.daily[0].equity, 100'000);
}
