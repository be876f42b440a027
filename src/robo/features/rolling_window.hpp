// features/rolling_window.hpp — the last N values with their sum and sum of squares.
//
// Why not a plain running sum: adding and subtracting for millions of updates lets rounding
// error accumulate (and sum-of-squares variance cancels catastrophically for prices far from
// zero). Two measures keep it exact enough forever, at O(1) amortised cost:
//  * the sums are kept about a shift K (a recent value), so sum((x-K)^2) stays small and
//    the variance does not cancel;
//  * about every kRecomputeEvery updates (at the end of a whole window, checked only when
//    the ring wraps) the sums are recomputed from the buffer and K moved to the window's
//    mean, which bounds the drift to about 1024 updates' worth of rounding.
// Both steps depend only on the sequence of values pushed, so streaming and batch runs (the
// same code) stay bit-identical. Never allocates after construction; callers validate values.
// `Squares` = false skips the sum of squares (SMA needs only the mean).
#pragma once
#include <cstddef>
#include <vector>

namespace robo::features {

template <bool Squares = true>
class RollingWindow {
public:
    static constexpr int kRecomputeEvery = 1024;

    explicit RollingWindow(int period)
        : values_(static_cast<std::size_t>(period)),
          period_(period),
          inv_period_(1.0 / period),
          recompute_windows_(period >= kRecomputeEvery ? 1 : kRecomputeEvery / period) {}

    void push(double x) noexcept {
        if (count_ == period_) [[likely]] {
            const auto slot = static_cast<std::size_t>(pos_);
            const double leaving = values_[slot];
            sum_ += x - leaving;  // the shift cancels in the difference
            if constexpr (Squares) {
                const double d = x - shift_, old = leaving - shift_;
                sumsq_ += d * d - old * old;
            }
            values_[slot] = x;
            if (++pos_ == period_) {
                pos_ = 0;
                if (++windows_ == recompute_windows_) recompute();
            }
            return;
        }
        if (count_ == 0) shift_ = x;
        const double d = x - shift_;
        ++count_;
        sum_ += d;
        if constexpr (Squares) sumsq_ += d * d;
        values_[static_cast<std::size_t>(pos_)] = x;
        if (++pos_ == period_) pos_ = 0;
    }

    bool full() const noexcept { return count_ == period_; }
    int count() const noexcept { return count_; }
    int period() const noexcept { return period_; }
    // Multiplies by 1/N rather than dividing (a division per value is the slowest step of
    // the hot loop); results differ from division by at most an ulp.
    double mean() const noexcept { return shift_ + sum_ * inv_count(); }
    double sum() const noexcept { return shift_ * count_ + sum_; }
    // Population variance (divide by N), never negative.
    double variance() const noexcept requires Squares {
        const double inv = inv_count();
        const double v = (sumsq_ - sum_ * sum_ * inv) * inv;
        return v > 0 ? v : 0.0;
    }
    // The value pushed `period` pushes ago (the one the next push evicts); valid when full.
    double oldest() const noexcept { return values_[static_cast<std::size_t>(pos_)]; }

private:
    double inv_count() const noexcept { return count_ == period_ ? inv_period_ : 1.0 / count_; }
    void recompute() noexcept {
        windows_ = 0;
        double total = 0;
        for (double v : values_) total += v;
        shift_ = total / period_;  // re-centre on the current mean
        sum_ = 0;
        sumsq_ = 0;
        // Oldest to newest, so the result depends only on the window's contents and order.
        for (int i = 0; i < period_; ++i) {
            const double d = values_[static_cast<std::size_t>((pos_ + i) % period_)] - shift_;
            sum_ += d;
            if constexpr (Squares) sumsq_ += d * d;
        }
    }

    std::vector<double> values_;
    int period_;
    double inv_period_;
    int recompute_windows_;  // whole windows between recomputations (about 1024 updates)
    // sum_ is apart from shift_ on purpose: adjacent, g++ packs the two into one vector
    // register in batch loops and the running sum's chain pays two shuffles per update.
    double sum_ = 0;
    int pos_ = 0, count_ = 0, windows_ = 0;
    double shift_ = 0, sumsq_ = 0;
};

}  // namespace robo::features
