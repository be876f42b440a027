#include "robo/report/benchmark.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
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
    auto in_period = [&](const Bar* bar) {
        return bar->start + std::chrono::seconds(timeframe_seconds(bar->timeframe)) >= m.start &&
               bar->start <= m.end;
    };
    // One holding per symbol, in symbol order: the valuation adds them in that fixed order.
    // The bars come one symbol after another (a file at a time): the set is touched once
    // per run of a symbol.
    std::set<Symbol> symbols;
    std::optional<Symbol> last;
    for (const Bar* bar : bars)
        if (in_period(bar) && bar->symbol != last) last = bar->symbol, symbols.insert(bar->symbol);
    if (symbols.empty()) return b;
    b.symbols = symbols.size();
    const double share = m.initial_equity.to_double() / double(symbols.size());
    std::vector<Holding> held(symbols.size());
    for (auto& h : held) h.cash = share;
    // Each holding's bars in time order (ties in the order given): a counting sort by holding
    // of the bars in period, each holding's run sorted by time only if it is not already (one
    // file per symbol is). A bar changes only its own holding, so no order is needed between
    // holdings, and the valuation walks them in symbol order as before. The runs hold positions
    // in `bars` (which also break ties between holdings): 4 bytes a bar rather than a copy of
    // its time and address, since the benchmark runs last, when each new 2 MB page is one the
    // kernel zeroes first (about a millisecond on a virtual machine).
    std::vector<uint32_t> holding_of_bar;
    holding_of_bar.reserve(bars.size());
    std::vector<size_t> begin(held.size() + 1, 0);
    {
        std::unordered_map<Symbol, uint32_t> holding_of;
        for (uint32_t i = 0; Symbol s : symbols) holding_of.emplace(s, i++);
        last.reset();
        uint32_t holding = 0;
        for (const Bar* bar : bars) {
            if (!in_period(bar)) continue;
            if (bar->symbol != last) last = bar->symbol, holding = holding_of.at(bar->symbol);
            holding_of_bar.push_back(holding);
            ++begin[holding + 1];
        }
    }
    for (size_t k = 0; k < held.size(); ++k) begin[k + 1] += begin[k];
    std::vector<uint32_t> by_holding(holding_of_bar.size());
    {
        std::vector<size_t> fill(begin.begin(), begin.end() - 1);
        uint32_t order = 0;
        for (uint32_t i = 0; i < bars.size(); ++i) {
            if (!in_period(bars[i])) continue;
            by_holding[fill[holding_of_bar[order]]++] = i;
            ++order;
        }
    }
    auto start_of = [&](uint32_t i) { return bars[i]->start; };
    auto by_start = [&](uint32_t x, uint32_t y) { return start_of(x) < start_of(y); };
    for (size_t k = 0; k < held.size(); ++k) {
        const auto first = by_holding.begin() + std::ptrdiff_t(begin[k]),
                   end = by_holding.begin() + std::ptrdiff_t(begin[k + 1]);
        if (!std::is_sorted(first, end, by_start)) std::stable_sort(first, end, by_start);
    }
    // The purchases, one per holding at its first bar, priced in time order as the bars come
    // (the commission schedule keeps the month's volume, so the order of orders matters).
    struct Purchase {
        double shares = 0;
        Money fee;
    };
    std::vector<Purchase> purchase(held.size());
    {
        std::vector<size_t> buyers;  // the holdings with bars, in the order of their first bar
        for (size_t k = 0; k < held.size(); ++k)
            if (begin[k] < begin[k + 1]) buyers.push_back(k);
        std::sort(buyers.begin(), buyers.end(), [&](size_t x, size_t y) {
            const uint32_t a = by_holding[begin[x]], c = by_holding[begin[y]];
            return start_of(a) != start_of(c) ? start_of(a) < start_of(c) : a < c;
        });
        exec::CommissionSchedule costs(plan);
        for (size_t k : buyers) {
            const Bar& bar = *bars[by_holding[begin[k]]];
            const double open = bar.open.to_double();
            const double n = open > 0 ? std::floor(held[k].cash / open) : 0;
            if (n >= 1)
                purchase[k] = {n, costs.single_order(Quantity::from_units(int64_t(n)), bar.open, bar.start)};
        }
    }
    std::vector<size_t> next(begin.begin(), begin.end() - 1);
    for (const DailyPoint& day : m.daily) {
        double v = 0;
        for (size_t k = 0; k < held.size(); ++k) {
            Holding& h = held[k];
            for (; next[k] < begin[k + 1] && start_of(by_holding[next[k]]) <= day.day; ++next[k]) {
                const Bar& bar = *bars[by_holding[next[k]]];
                if (!h.bought) {
                    h.bought = true;
                    if (const Purchase& p = purchase[k]; p.shares >= 1) {
                        b.commissions += p.fee;
                        h.shares = p.shares;
                        h.cash -= p.shares * bar.open.to_double() + p.fee.to_double();
                    }
                }
                h.last = bar.close.to_double();
            }
            v += h.cash + h.shares * h.last;
        }
        b.daily.push_back({day.day, v});
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
