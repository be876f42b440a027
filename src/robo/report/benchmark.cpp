#include "robo/report/benchmark.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>

namespace robo::report {

namespace {
struct Holding {
    double cash = 0;  // the share not yet invested, then what whole shares left over
    double shares = 0;
    double last = 0;
    bool bought = false;
};

std::vector<double> returns_of(const std::vector<DailyPoint>& d, double first) {
    std::vector<double> r;
    double prev = first;
    for (const auto& p : d) {
        r.push_back(prev > 0 ? p.equity / prev - 1 : NAN);
        prev = p.equity;
    }
    return r;
}

double mean(const std::vector<double>& x) {
    return x.empty() ? NAN : std::accumulate(x.begin(), x.end(), 0.0) / double(x.size());
}
}  // namespace

Benchmark buy_and_hold(const std::vector<const Bar*>& bars, const Metrics& m, exec::CommissionPlan plan) {
    Benchmark b;
    if (bars.empty() || m.daily.empty()) return b;
    std::vector<const Bar*> in_period;
    for (const Bar* bar : bars)
        if (bar->start + std::chrono::seconds(timeframe_seconds(bar->timeframe)) >= m.start &&
            bar->start <= m.end)
            in_period.push_back(bar);
    std::stable_sort(in_period.begin(), in_period.end(),
                     [](const Bar* x, const Bar* y) { return x->start < y->start; });
    // One holding per symbol, in symbol order: the valuation adds them in that fixed order.
    std::set<Symbol> symbols;
    std::optional<Symbol> last;
    for (const Bar* bar : in_period)
        if (bar->symbol != last) last = bar->symbol, symbols.insert(bar->symbol);
    if (symbols.empty()) return b;
    b.symbols = symbols.size();
    const double share = m.initial_equity.to_double() / double(symbols.size());
    std::vector<Holding> held(symbols.size());
    for (auto& h : held) h.cash = share;
    exec::CommissionSchedule costs(plan);
    // A walk over a contiguous array, once per day of the run (it was a tree, and a third of
    // the report's time).
    auto value = [&] {
        double v = 0;
        for (const Holding& h : held) v += h.cash + h.shares * h.last;
        return v;
    };
    std::unordered_map<Symbol, Holding*> holding_of;
    for (size_t i = 0; Symbol s : symbols) holding_of.emplace(s, &held[i++]);
    size_t next = 0;
    for (const DailyPoint& day : m.daily) {
        for (; next < in_period.size() && in_period[next]->start <= day.day; ++next) {
            const Bar& bar = *in_period[next];
            Holding& h = *holding_of.at(bar.symbol);
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
        b.daily.push_back({day.day, value()});
    }
    const double first = m.initial_equity.to_double();
    b.total_return = first > 0 ? b.daily.back().equity / first - 1 : NAN;
    const double years = std::chrono::duration<double>(m.end - m.start).count() / (365.25 * 86400);
    b.cagr = years > 0 && b.total_return > -1 ? std::pow(1 + b.total_return, 1 / years) - 1 : NAN;

    const auto r = returns_of(m.daily, first), x = returns_of(b.daily, first);
    if (r.size() < 2) {
        b.alpha = b.beta = b.information_ratio = NAN;
        return b;
    }
    const double mr = mean(r), mx = mean(x);
    double cov = 0, var = 0, active_mean = 0, active_var = 0;
    for (size_t i = 0; i < r.size(); ++i) {
        cov += (r[i] - mr) * (x[i] - mx);
        var += (x[i] - mx) * (x[i] - mx);
        active_mean += r[i] - x[i];
    }
    active_mean /= double(r.size());
    for (size_t i = 0; i < r.size(); ++i) active_var += std::pow(r[i] - x[i] - active_mean, 2);
    active_var /= double(r.size() - 1);
    b.beta = var > 0 ? cov / var : NAN;
    b.alpha = std::isfinite(b.beta) ? (mr - b.beta * mx) * 252 : NAN;
    b.information_ratio = active_var > 0 ? active_mean / std::sqrt(active_var) * std::sqrt(252.0) : NAN;
    return b;
}

}  // namespace robo::report
