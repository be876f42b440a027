// data/quality/sorted_window.cpp — see sorted_window.hpp.
#include "robo/data/quality/sorted_window.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace robo::data::quality {

SortedWindow::SortedWindow(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {
    arrival_.reserve(capacity_);
    sorted_.reserve(capacity_);
}

void SortedWindow::push(double x) {
    if (sorted_.size() < capacity_) {
        arrival_.push_back(x);
        sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), x), x);
        return;
    }
    const double leaving = arrival_[oldest_];
    arrival_[oldest_] = x;
    if (++oldest_ == capacity_) oldest_ = 0;
    double* const v = sorted_.data();
    const std::ptrdiff_t n = static_cast<std::ptrdiff_t>(sorted_.size());
    // Equal values are interchangeable, so any one of them may leave: the first.
    const std::ptrdiff_t out = std::lower_bound(v, v + n, leaving) - v;
    if (std::isnan(x) || std::isnan(leaving)) {  // no order to slide along: erase, then insert
        sorted_.erase(sorted_.begin() + out);
        sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), x), x);
        return;
    }
    // The same array as erasing `leaving` and inserting x after the values <= x, with one
    // shift of the values between the two places instead of two shifts of the tail (a third
    // of the gate's time went to them).
    if (x >= leaving) {
        // Everything before `out` is < leaving <= x; the values after it up to x move left.
        const std::ptrdiff_t end = std::upper_bound(v + out + 1, v + n, x) - v;
        std::copy(v + out + 1, v + end, v + out);
        v[end - 1] = x;
    } else {
        // Everything from `out` on is >= leaving > x; x goes among the values before it.
        const std::ptrdiff_t in = std::upper_bound(v, v + out, x) - v;
        std::copy_backward(v + in, v + out, v + out + 1);
        v[in] = x;
    }
}

void SortedWindow::clear() noexcept {
    arrival_.clear();
    sorted_.clear();
    oldest_ = 0;
}

double SortedWindow::median() const noexcept { return sorted_.empty() ? 0.0 : sorted_[sorted_.size() / 2]; }

double SortedWindow::mad(double center) const noexcept {
    if (sorted_.empty()) return 0.0;
    // The deviations form two sorted runs from `center` outwards: a[i] = center - x for the
    // values below it (walking left), b[j] = x - center for the rest (walking right). The
    // (size/2)-th smallest of their union is found by bisecting how many come from a, in
    // O(log n) rather than a merge walk of n/2 steps. center - x is exactly fabs(x - center)
    // for x below center (a - b and b - a round to the same magnitude), so the value is
    // nth_element's; the k-th smallest value does not depend on how ties are split.
    const double* v = sorted_.data();
    const auto n = static_cast<std::ptrdiff_t>(sorted_.size());
    const std::ptrdiff_t split = std::lower_bound(sorted_.begin(), sorted_.end(), center) - sorted_.begin();
    const std::ptrdiff_t na = split, nb = n - split, take = n / 2 + 1;
    const auto a = [&](std::ptrdiff_t i) { return center - v[split - 1 - i]; };
    const auto b = [&](std::ptrdiff_t j) { return v[split + j] - center; };
    std::ptrdiff_t lo = std::max<std::ptrdiff_t>(0, take - nb), hi = std::min(take, na);
    while (true) {
        const std::ptrdiff_t i = lo + (hi - lo) / 2, j = take - i;
        if (i < na && j > 0 && b(j - 1) > a(i)) {
            lo = i + 1;  // too few from a
        } else if (i > 0 && j < nb && a(i - 1) > b(j)) {
            hi = i - 1;  // too many from a
        } else {
            if (i == 0) return b(j - 1);
            if (j == 0) return a(i - 1);
            return std::max(a(i - 1), b(j - 1));
        }
    }
}

double SortedWindow::robust_sigma() const noexcept { return 1.4826 * mad(median()); }

}  // namespace robo::data::quality
