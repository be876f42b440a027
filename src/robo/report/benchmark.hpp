// report/benchmark.hpp — what buying and holding the traded symbols would have done, to
// judge a run against: equal weight, bought once, same commission plan.
//
// The initial equity is split equally between the symbols; each share of it waits as cash
// until its symbol's first bar in the run's period and buys whole shares at that bar's open
// (the commission plan charged as for any order), then is held to the end and marked at
// every bar's close. The series is sampled on the run's own days (Metrics::daily), so the
// comparison is day by day:
//   beta   = cov(r, b) / var(b) of the daily returns r (run) and b (benchmark);
//   alpha  = (mean(r) - beta x mean(b)) x 252, annual, risk-free rate 0;
//   information ratio = mean(r - b) / sd(r - b) x sqrt(252).
// NaN where it cannot be computed (fewer than two days, a flat benchmark).
#pragma once
#include <vector>

#include "robo/core/market_data.hpp"
#include "robo/exec/commission.hpp"
#include "robo/report/metrics.hpp"

namespace robo::report {

struct Benchmark {
    std::vector<DailyPoint> daily;  // on the run's days
    double total_return = 0, cagr = 0, alpha = 0, beta = 0, information_ratio = 0;
    Money commissions;
    size_t symbols = 0;
};

// `bars`: the bars of the traded symbols, any order; only those within the run's period
// (m.start .. m.end) are used. Empty `bars` or no daily series: an empty benchmark.
Benchmark buy_and_hold(const std::vector<const Bar*>& bars, const Metrics& m, exec::CommissionPlan plan);

}  // namespace robo::report
