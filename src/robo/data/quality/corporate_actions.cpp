#include "robo/data/quality/corporate_actions.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "robo/data/quality/sorted_window.hpp"

namespace robo::data::quality {

namespace {

double median_volume(std::span<const Bar> bars, size_t from, size_t to) {
    std::vector<double> v;
    for (size_t i = from; i < to; ++i) v.push_back(bars[i].volume.to_double());
    if (v.empty()) return 0;
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

}  // namespace

namespace {
// log(r) for each of `ratios`, in order. The gate asks on every row with the same two lists
// (split_ratios, wide_split_ratios); their logs are kept per thread (lists compared by value),
// so a row costs no log() per candidate ratio. The values are the same std::log results.
const std::vector<double>& logs_of(const std::vector<double>& ratios) {
    struct Entry {
        std::vector<double> ratios, logs;
    };
    thread_local std::array<Entry, 4> cache;
    thread_local size_t next = 0;
    for (const auto& e : cache)
        if (!e.ratios.empty() && e.ratios == ratios) return e.logs;
    Entry& e = cache[next];
    next = (next + 1) % cache.size();
    e.ratios = ratios;
    e.logs.clear();
    for (double r : ratios) e.logs.push_back(std::log(r));
    return e.logs;
}

// The nearest of `ratios` (those at least `min_log` from 1) to `log_gap`, how far, and how far
// the nearest other candidate (another ratio, or no split) is from it.
struct Nearest {
    double ratio = 0, residual = 1e9, spacing = 0;
};
Nearest nearest_ratio(double log_gap, const std::vector<double>& ratios, double min_log) {
    Nearest n;
    const auto& logs = logs_of(ratios);
    double log_best = 0;
    for (size_t i = 0; i < ratios.size(); ++i) {
        if (std::fabs(logs[i]) < min_log) continue;
        const double residual = std::fabs(log_gap - logs[i]);
        if (residual < n.residual) n.ratio = ratios[i], n.residual = residual, log_best = logs[i];
    }
    if (n.ratio <= 0) return n;
    n.spacing = std::fabs(log_best);  // to "no split" (ratio 1)
    for (size_t i = 0; i < ratios.size(); ++i)
        if (ratios[i] != n.ratio) n.spacing = std::min(n.spacing, std::fabs(logs[i] - log_best));
    return n;
}
}  // namespace

std::optional<GapSplit> split_for_gap(double log_gap, double sigma, const CorporateActionRules& rules) {
    const Nearest n = nearest_ratio(log_gap, rules.split_ratios, rules.min_log_gap_ratio);
    const double tolerance =
        std::min(rules.max_ratio_tolerance, std::max(rules.ratio_tolerance, rules.sigma_multiple * sigma));
    if (n.ratio > 0 && n.residual <= tolerance && n.residual <= rules.max_share_of_spacing * n.spacing)
        return GapSplit{n.ratio, false};
    const Nearest w = nearest_ratio(log_gap, rules.wide_split_ratios, 0);
    if (w.ratio > 0 && w.residual <= rules.wide_ratio_tolerance && w.residual < 0.5 * w.spacing)
        return GapSplit{w.ratio, true};
    return std::nullopt;
}

bool volume_confirms_split(double log_volume_shift, const GapSplit& split,
                           const CorporateActionRules& rules) {
    const double share = log_volume_shift / std::log(split.ratio);
    if (!std::isfinite(share)) return false;
    if (split.wide) return share >= rules.wide_volume_share_min && share <= rules.wide_volume_share_max;
    return share >= rules.min_volume_share;
}

std::optional<double> split_ratio_for_factor_step(double log_step, double log_gap,
                                                  const CorporateActionRules& rules) {
    return FactorStepSplits(rules).ratio_for(log_step, log_gap);
}

FactorStepSplits::FactorStepSplits(const CorporateActionRules& rules)
    : ratios_(rules.split_ratios), tolerance_(rules.adj_tolerance) {
    double nearest = std::numeric_limits<double>::infinity();
    for (double r : ratios_) {
        logs_.push_back(std::log(r));
        nearest = std::min(nearest, std::fabs(logs_.back()));
    }
    // |s - l| >= |l| - |s| > tolerance for every ratio when |s| < |l| - tolerance. The margin
    // (a billionth of nearest + tolerance) is far above the rounding of s - l (a 10^-16 part),
    // so no step the loop would match is skipped. A NaN step or bound fails the `<` and takes
    // the loop, as before.
    quiet_below_ = (nearest - tolerance_) - 1e-9 * (nearest + std::fabs(tolerance_));
}

std::optional<double> FactorStepSplits::ratio_for(double log_step, double log_gap) const noexcept {
    if (std::fabs(log_step) < quiet_below_) return std::nullopt;
    for (size_t i = 0; i < logs_.size(); ++i) {
        const double log_r = logs_[i];
        if (std::fabs(log_step - log_r) > tolerance_) continue;
        // The prices must have moved the split's way too (a broken Adj Close alone is no split).
        if (std::fabs(log_gap - log_r) > 0.5 * std::fabs(log_r)) return std::nullopt;
        return ratios_[i];
    }
    return std::nullopt;
}

std::vector<CorporateAction> detect_corporate_actions(std::span<const Bar> bars,
                                                      std::span<const double> adj_close,
                                                      const CorporateActionRules& rules) {
    std::vector<CorporateAction> out;
    const bool has_adj = adj_close.size() == bars.size();
    const auto w = static_cast<size_t>(std::max(rules.volume_window, 1));
    auto factor = [&](size_t i) {
        const double c = bars[i].close.to_double();
        return c > 0 && adj_close[i] > 0 ? adj_close[i] / c : 0.0;
    };

    // The last `volatility_window` close-to-close log returns before i, splits left out.
    SortedWindow returns(static_cast<size_t>(std::max(rules.volatility_window, 1)));
    const FactorStepSplits factor_steps(rules);
    for (size_t i = 1; i < bars.size(); ++i) {
        const double prev_close = bars[i - 1].close.to_double(), open = bars[i].open.to_double();
        const double close = bars[i].close.to_double();
        if (prev_close <= 0 || open <= 0 || close <= 0) continue;
        const double log_gap = std::log(prev_close / open);
        const double f0 = has_adj ? factor(i - 1) : 0.0, f1 = has_adj ? factor(i) : 0.0;
        const bool factors = f0 > 0 && f1 > 0;

        std::optional<double> ratio;
        if (factors) {
            ratio = factor_steps.ratio_for(std::log(f1 / f0), log_gap);
        } else {
            const double sigma = returns.robust_sigma();
            if (const auto split = split_for_gap(log_gap, sigma, rules)) {
                // The share count moves the same way as the ratio (volume is noisy: only a share of it).
                const double before = median_volume(bars, i >= w ? i - w : 0, i);
                const double after = median_volume(bars, i, std::min(bars.size(), i + w));
                if (before > 0 && after > 0 && volume_confirms_split(std::log(after / before), *split, rules))
                    ratio = split->ratio;
            }
        }
        if (ratio) {
            out.push_back({*ratio >= 1 ? CorporateAction::Kind::split : CorporateAction::Kind::reverse_split,
                           i, bars[i].start, *ratio, 0});
            returns.push(std::log(*ratio * close / prev_close));  // the day's move on one basis
            continue;
        }
        returns.push(std::log(close / prev_close));
        if (!factors) continue;
        const double step = 1 - f0 / f1;  // the share of the previous close paid out
        if (step > rules.min_factor_step && step < rules.max_dividend_yield)
            out.push_back({CorporateAction::Kind::dividend, i, bars[i].start, f0 / f1, prev_close * step});
    }
    return out;
}

void adjust_for_splits(std::span<Bar> bars, std::span<const CorporateAction> actions) {
    for (const auto& a : actions) {
        if (a.kind == CorporateAction::Kind::dividend || a.ratio <= 0) continue;
        for (size_t i = 0; i < a.index && i < bars.size(); ++i) {
            auto& b = bars[i];
            b.open = Price::from_double(b.open.to_double() / a.ratio);
            b.high = Price::from_double(b.high.to_double() / a.ratio);
            b.low = Price::from_double(b.low.to_double() / a.ratio);
            b.close = Price::from_double(b.close.to_double() / a.ratio);
            b.volume = Quantity::from_double(b.volume.to_double() * a.ratio);
        }
    }
}

}  // namespace robo::data::quality
