// data/quality/sorted_window.hpp — the last N values kept in order, for rolling medians and MADs.
//
// The quality gate asks for the median and the MAD of the last 20 to 64 values on every row.
// Copying the window and running nth_element twice per row was a third of a backtest's CPU;
// here a push moves at most N doubles (one memmove to drop the oldest, one to insert), the
// median is a look-up and the MAD a merge walk of N/2 steps from the median outwards.
//
// The values are exactly those nth_element gives on the same window: the median is the
// element at index size/2 of the sorted values (the upper median for an even size, as the
// gate always took it), and mad(c) is the element at index size/2 of the sorted |x - c|.
// Values must not be NaN (the gate pushes logs of positive ratios and volumes).
#pragma once
#include <cstddef>
#include <vector>

namespace robo::data::quality {

class SortedWindow {
public:
    explicit SortedWindow(std::size_t capacity);

    // Adds x; when the window is full, the oldest value leaves it first.
    void push(double x);
    void clear() noexcept;
    std::size_t size() const noexcept { return sorted_.size(); }
    bool empty() const noexcept { return sorted_.empty(); }

    // The element at index size/2 of the sorted values; 0 when empty.
    double median() const noexcept;
    // The element at index size/2 of the sorted |x - center|; 0 when empty.
    double mad(double center) const noexcept;
    // 1.4826 x mad(median()): the robust sigma of the window (0 when empty).
    double robust_sigma() const noexcept;

private:
    std::size_t capacity_;
    std::vector<double> arrival_;  // ring of the values in arrival order
    std::size_t oldest_ = 0;       // index in arrival_ of the oldest value once full
    std::vector<double> sorted_;
};

}  // namespace robo::data::quality
