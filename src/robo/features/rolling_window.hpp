// features/rolling_window.hpp — the last N values with their sum and sum of squares.
//
// Why not a plain running sum: adding and subtracting for millions of updates lets rounding
// error accumulate (and sum-of-squares variance cancels catastrophically for prices far from
// zero). Two measures keep it exact enough forever, at O(1) amortised cost:
//  * the sums are kept about a shift K (a recent value), so sum((x-K)^2) stays small and
//    the variance does not cancel;
//  * every kRecomputeEvery updates the sums are recomputed from the buffer (and K moved to
//    the window's mean), which bounds the drift to 1024 updates' worth of rounding.
// Both steps depend only on the sequence of values pushed, so streaming and batch runs (the
// same code) stay bit-identical. Never allocates after construction; callers validate values.
#pragma once
#include <cstddef>
#include <vector>

namespace robo::features {

class RollingWindow {
public:
    static constexpr int kRecomputeEvery = 1024;

    explicit RollingWindow(int period) : values_(static_cast<std::size_t>(period)), period_(period) {}

    void push(double x) noexcept {
        if (count_ == 0) shift_ = x;
        const double d = x - shift_;
        if (count_ == period_) {
            const double old = values_[static_cast<std::size_t>(pos_)] - shift_;
            sum_ += d - old;
            sumsq_ += d * d - old * old;
            if (++since_recompute_ == kRecomputeEvery) {
                values_[static_cast<std::size_t>(pos_)] = x;
                advance();
                recompute();
                return;
            }
        } else {
            ++count_;
            sum_ += d;
            sumsq_ += d * d;
        }
        values_[static_cast<std::size_t>(pos_)] = x;
        advance();
    }

    bool full() const noexcept { return count_ == period_; }
    int count() const noexcept { return count_; }
    int period() const noexcept { return period_; }
    double mean() const noexcept { return shift_ + sum_ / count_; }
    double sum() const noexcept { return shift_ * count_ + sum_; }
    // Population variance (divide by N), never negative.
    double variance() const noexcept {
        const double v = (sumsq_ - sum_ * sum_ / count_) / count_;
        return v > 0 ? v : 0.0;
    }
    // The value pushed `period` pushes ago (the one the next push evicts); valid when full.
    double oldest() const noexcept { return values_[static_cast<std::size_t>(pos_)]; }

private:
    void advance() noexcept {
        if (++pos_ == period_) pos_ = 0;
    }
    void recompute() noexcept;

    std::vector<double> values_;
    int period_;
    int pos_ = 0, count_ = 0, since_recompute_ = 0;
    double shift_ = 0, sum_ = 0, sumsq_ = 0;
};

}  // namespace robo::features
