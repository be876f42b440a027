// The buy-and-hold benchmark: equal weight, whole shares at the first open, same commissions.
#include <gtest/gtest.h>

#include "robo/report/benchmark.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>

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

namespace {
// The benchmark the plain way (what buy_and_hold did before it grouped the bars by holding):
// every bar in period in time order, ties in the order given, then each day's value over
// the holdings in symbol order.
Benchmark plain_buy_and_hold(const std::vector<const Bar*>& bars, const Metrics& m,
                             exec::CommissionPlan plan) {
    Benchmark b;
    std::vector<const Bar*> in_period;
    for (const Bar* bar : bars)
        if (bar->start + std::chrono::seconds(timeframe_seconds(bar->timeframe)) >= m.start &&
            bar->start <= m.end)
            in_period.push_back(bar);
    std::stable_sort(in_period.begin(), in_period.end(),
                     [](const Bar* x, const Bar* y) { return x->start < y->start; });
    struct Holding {
        double cash = 0, shares = 0, last = 0;
        bool bought = false;
    };
    std::map<Symbol, Holding> held;
    for (const Bar* bar : in_period) held[bar->symbol];
    const double share = m.initial_equity.to_double() / double(held.size());
    for (auto& [s, h] : held) h.cash = share;
    exec::CommissionSchedule costs(plan);
    size_t next = 0;
    for (const DailyPoint& day : m.daily) {
        for (; next < in_period.size() && in_period[next]->start <= day.day; ++next) {
            const Bar& bar = *in_period[next];
            Holding& h = held.at(bar.symbol);
            if (!h.bought) {
                h.bought = true;
                const double open = bar.open.to_double();
                const double n = open > 0 ? std::floor(h.cash / open) : 0;
                if (n >= 1) {
                    const Money fee =
                        costs.single_order(Quantity::from_units(int64_t(n)), bar.open, bar.start);
                    b.commissions += fee;
                    h.shares = n;
                    h.cash -= n * open + fee.to_double();
                }
            }
            h.last = bar.close.to_double();
        }
        double v = 0;
        for (const auto& [s, h] : held) v += h.cash + h.shares * h.last;
        b.daily.push_back({day.day, v});
    }
    return b;
}
}  // namespace

// Grouping the bars by holding must not move a bit: random symbols, several files per symbol
// out of order, bars on the same day in several files, bars before and after the run, and
// IBKR's tiered plan, whose price of an order depends on the month's earlier orders.
TEST(Benchmark, EveryDayEqualsThePlainTimeOrderedWalkBitForBit) {
    std::mt19937_64 rng(3);
    const char* names[] = {"AAA", "BBB", "CCC", "DDD", "EEE", "FFF"};
    for (int round = 0; round < 40; ++round) {
        std::vector<Bar> bars;
        const int files = 1 + int(rng() % 8);
        for (int f = 0; f < files; ++f) {
            const char* symbol = names[rng() % 6];
            unsigned d = 1 + unsigned(rng() % 20);
            const int rows = 1 + int(rng() % 12);
            for (int r = 0; r < rows && d <= 31; ++r, d += unsigned(rng() % 3)) {
                const std::string open = std::to_string(50 + rng() % 200) + "." + std::to_string(rng() % 100);
                const std::string close =
                    std::to_string(50 + rng() % 200) + "." + std::to_string(rng() % 100);
                bars.push_back(daily(symbol, d, open.c_str(), close.c_str()));
            }
        }
        std::vector<const Bar*> refs;
        for (const Bar& b : bars) refs.push_back(&b);
        Metrics m;
        // Up to billions: orders of millions of shares cross the tiered plan's monthly volume tiers.
        m.initial_equity = Money::from_units(int64_t(10'000 + rng() % 5'000'000'000));
        for (unsigned d = 3 + unsigned(rng() % 4); d <= 28; d += 1 + unsigned(rng() % 2))
            m.daily.push_back({day(d), 100'000});
        m.start = m.daily.front().day;
        m.end = m.daily.back().day;
        for (auto plan : {exec::CommissionPlan::ibkr_tiered, exec::CommissionPlan::ibkr_fixed}) {
            const auto got = buy_and_hold(refs, m, plan), want = plain_buy_and_hold(refs, m, plan);
            ASSERT_EQ(got.daily.size(), want.daily.size());
            for (size_t i = 0; i < want.daily.size(); ++i)
                ASSERT_EQ(got.daily[i].equity, want.daily[i].equity) << "round " << round << ", day " << i;
            EXPECT_EQ(got.commissions, want.commissions) << "round " << round;
        }
    }
}
