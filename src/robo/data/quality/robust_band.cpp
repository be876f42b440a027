#include "robo/data/quality/robust_band.hpp"

#include <algorithm>
#include <cmath>

namespace robo::data::quality {

RobustBand::RobustBand(const OutlierRules& rules) : rules_(rules) {
    rules_.window = std::max(rules_.window, 3);
    rules_.min_samples = std::clamp(rules_.min_samples, 1, rules_.window);
    rules_.refresh = std::max(rules_.refresh, 1);
    rules_.confirm = std::max(rules_.confirm, 1);
    ring_.assign(static_cast<size_t>(rules_.window), 0.0);
    scratch_.reserve(ring_.size());
    pending_.reserve(static_cast<size_t>(rules_.confirm));
}

void RobustBand::accept(double x) {
    ring_[head_] = x;
    head_ = (head_ + 1) % ring_.size();
    if (count_ < rules_.window) ++count_;
    // Refresh eagerly while warming up, then every `refresh` values.
    if (++since_refresh_ >= rules_.refresh || count_ <= rules_.min_samples) refresh();
}

void RobustBand::refresh() {
    since_refresh_ = 0;
    const auto n = static_cast<size_t>(count_);
    scratch_.assign(ring_.begin(), ring_.begin() + static_cast<std::ptrdiff_t>(n));
    auto mid = scratch_.begin() + static_cast<std::ptrdiff_t>(n / 2);
    std::nth_element(scratch_.begin(), mid, scratch_.end());
    median_ = *mid;
    for (auto& v : scratch_) v = std::fabs(v - median_);
    std::nth_element(scratch_.begin(), mid, scratch_.end());
    const double floor = rules_.min_rel_sigma * std::fabs(median_);
    sigma_ = std::max(1.4826 * *mid, floor);
}

void RobustBand::rebase(double x) {
    if (!rules_.enabled || count_ == 0) return;
    const double delta = x - median_;
    for (auto& v : ring_) v += delta;
    median_ += delta;
    pending_.clear();
}

void RobustBand::rescale(double factor) {
    for (auto& v : ring_) v *= factor;
    median_ *= factor;
    sigma_ *= factor;
    pending_.clear();
}

RobustBand::Verdict RobustBand::observe(double x) {
    if (!rules_.enabled) return {false, false, x, 0};
    if (!warmed_up()) {
        accept(x);
        return {false, false, median_, rules_.k * sigma_};
    }
    const double half = rules_.k * sigma_;
    if (std::fabs(x - median_) <= half) {
        pending_.clear();
        accept(x);
        return {false, false, median_, half};
    }
    // An outlier: does it agree with the ones just before it (a new level forming)?
    if (!pending_.empty() && std::fabs(x - pending_.front()) > half) pending_.clear();
    pending_.push_back(x);
    if (static_cast<int>(pending_.size()) < rules_.confirm) return {true, false, median_, half};

    // Move the whole window to the new level, keeping its scale, so checks go on at once.
    const double old_center = median_;
    const double level = pending_[pending_.size() / 2];
    std::vector<double> confirmed;
    confirmed.swap(pending_);
    rebase(level);
    for (double p : confirmed) accept(p);
    confirmed.clear();
    pending_.swap(confirmed);  // keep the reserved buffer
    pending_.clear();
    return {false, true, old_center, half};
}

}  // namespace robo::data::quality
