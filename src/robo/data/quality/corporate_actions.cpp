#include "robo/data/quality/corporate_actions.hpp"

#include <algorithm>
#include <cmath>

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

    for (size_t i = 1; i < bars.size(); ++i) {
        const double prev_close = bars[i - 1].close.to_double(), open = bars[i].open.to_double();
        if (prev_close <= 0 || open <= 0) continue;
        const double observed = prev_close / open;
        const double log_obs = std::log(observed);

        bool split = false;
        for (double ratio : rules.split_ratios) {
            const double log_r = std::log(ratio);
            if (std::fabs(log_obs - log_r) > rules.ratio_tolerance) continue;
            // The share count moves the same way as the ratio (volume is noisy: only a share of it).
            const double before = median_volume(bars, i >= w ? i - w : 0, i);
            const double after = median_volume(bars, i, std::min(bars.size(), i + w));
            if (before <= 0 || after <= 0) continue;
            const double vol_share = std::log(after / before) / log_r;
            if (vol_share < rules.min_volume_share) continue;
            if (has_adj) {
                const double f0 = factor(i - 1), f1 = factor(i);
                if (f0 <= 0 || f1 <= 0 || std::fabs(std::log(f1 / f0) - log_r) > rules.ratio_tolerance)
                    continue;
            }
            out.push_back({ratio >= 1 ? CorporateAction::Kind::split : CorporateAction::Kind::reverse_split,
                           i, bars[i].start, ratio, 0});
            split = true;
            break;
        }
        if (split || !has_adj) continue;
        const double f0 = factor(i - 1), f1 = factor(i);
        if (f0 <= 0 || f1 <= 0) continue;
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
