#include "robo/data/quality/spikes.hpp"

#include <algorithm>
#include <cmath>

namespace robo::data::quality {

std::vector<size_t> find_spikes(std::span<const double> prices, const SpikeRules& rules) {
    std::vector<size_t> out;
    // Log returns between consecutive positive prices; idx[j] is the price index r[j] ends at.
    std::vector<double> r;
    std::vector<size_t> idx;
    r.reserve(prices.size());
    idx.reserve(prices.size());
    size_t prev = prices.size();
    for (size_t i = 0; i < prices.size(); ++i) {
        if (!(prices[i] > 0)) continue;
        if (prev < prices.size()) {
            r.push_back(std::log(prices[i] / prices[prev]));
            idx.push_back(i);
        }
        prev = i;
    }
    if (r.size() < 3) return out;

    const size_t half = static_cast<size_t>(std::max(rules.window, 4)) / 2;
    std::vector<double> scratch;
    scratch.reserve(2 * half + 1);
    auto robust_sigma = [&](size_t j) {
        // Window of returns around j, leaving out the two legs under test.
        const size_t lo = j >= half ? j - half : 0, hi = std::min(r.size(), j + half + 2);
        scratch.clear();
        for (size_t m = lo; m < hi; ++m)
            if (m != j && m != j + 1) scratch.push_back(std::fabs(r[m]));
        if (scratch.empty()) return rules.min_sigma;
        auto mid = scratch.begin() + static_cast<std::ptrdiff_t>(scratch.size() / 2);
        std::nth_element(scratch.begin(), mid, scratch.end());
        // Returns are centred near zero, so the median absolute return is the MAD.
        return std::max(1.4826 * *mid, rules.min_sigma);
    };

    for (size_t j = 0; j + 1 < r.size(); ++j) {
        const double in = r[j], back = r[j + 1];
        if (in * back >= 0) continue;
        if (std::fabs(in + back) > rules.revert * std::fabs(in)) continue;
        const double limit = rules.k * robust_sigma(j);
        if (std::fabs(in) > limit && std::fabs(back) > limit) {
            out.push_back(idx[j]);
            ++j;  // the way back is not a second spike
        }
    }
    return out;
}

}  // namespace robo::data::quality
