// data/quality/sorted_window.cpp — see sorted_window.hpp.
#include "robo/data/quality/sorted_window.hpp"

#include <algorithm>

namespace robo::data::quality {

SortedWindow::SortedWindow(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {
    arrival_.reserve(capacity_);
    sorted_.reserve(capacity_);
}

void SortedWindow::push(double x) {
    if (sorted_.size() == capacity_) {
        const double leaving = arrival_[oldest_];
        // Equal values are interchangeable, so any one of them may leave.
        sorted_.erase(std::lower_bound(sorted_.begin(), sorted_.end(), leaving));
        arrival_[oldest_] = x;
        oldest_ = (oldest_ + 1) % capacity_;
    } else {
        arrival_.push_back(x);
    }
    sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), x), x);
}

void SortedWindow::clear() noexcept {
    arrival_.clear();
    sorted_.clear();
    oldest_ = 0;
}

double SortedWindow::median() const noexcept { return sorted_.empty() ? 0.0 : sorted_[sorted_.size() / 2]; }

double SortedWindow::mad(double center) const noexcept {
    if (sorted_.empty()) return 0.0;
    // The deviations grow walking away from `center` on either side: merge the two runs until
    // the (size/2)-th smallest. center - x is exactly fabs(x - center) for x below center
    // (a - b and b - a round to the same magnitude), so the value is nth_element's.
    const auto n = static_cast<std::ptrdiff_t>(sorted_.size());
    std::ptrdiff_t right = std::lower_bound(sorted_.begin(), sorted_.end(), center) - sorted_.begin();
    std::ptrdiff_t left = right - 1;
    for (std::ptrdiff_t taken = 0;; ++taken) {
        const bool has_left = left >= 0, has_right = right < n;
        const double dl = has_left ? center - sorted_[static_cast<std::size_t>(left)] : 0.0;
        const double dr = has_right ? sorted_[static_cast<std::size_t>(right)] - center : 0.0;
        const bool take_left = has_left && (!has_right || dl < dr);
        const double d = take_left ? dl : dr;
        if (taken == n / 2) return d;
        take_left ? --left : ++right;
    }
}

double SortedWindow::robust_sigma() const noexcept { return 1.4826 * mad(median()); }

}  // namespace robo::data::quality
