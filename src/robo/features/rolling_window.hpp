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
#include <algorithm>
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

    // A full window's sums as push_all() hands them over: mean() and variance() are the
    // window's, the same arithmetic.
    struct Sums {
        double shift, sum, sumsq, inv;
        double mean() const noexcept { return mean_of(shift, sum, inv); }
        double variance() const noexcept { return variance_of(sumsq, sum, inv); }
    };

    // push() over n values, then emit(i, sums) after each value from the first full window
    // on (sumsq 0 without Squares), for batch kernels; false if valid(value)
    // refused one (the window is then garbage: the caller restores a copy). The same
    // arithmetic as push(), mean() and variance(); the sums live in locals (a store into the
    // ring could otherwise change a member, so each would be reloaded per value) and the
    // ring's wrap is a loop bound instead of a test per value.
    template <class Valid, class Emit>
    bool push_all(const double* x, std::size_t n, Valid&& valid, Emit&& emit) noexcept {
        std::size_t i = 0;
        for (; i < n && count_ < period_; ++i) {
            if (!valid(x[i])) return false;
            push(x[i]);
            if (full()) emit(i, Sums{shift_, sum_, sumsq_, inv_period_});
        }
        double* const ring = values_.data();
        const double inv = inv_period_;
        double refused = 0;  // counted in a double, a chain apart from the sums'
        while (i < n) {
            const double shift = shift_;
            double sum = sum_, sumsq = sumsq_;
            const auto start = static_cast<std::size_t>(pos_);
            const std::size_t run = std::min(n - i, static_cast<std::size_t>(period_) - start);
            auto step = [&](std::size_t j) {
                const double v = x[i + j], leaving = ring[start + j];
                refused += valid(v) ? 0.0 : 1.0;
                sum += v - leaving;
                if constexpr (Squares) {
                    const double d = v - shift, old = leaving - shift;
                    sumsq += d * d - old * old;
                }
                ring[start + j] = v;
            };
            // The run's last value is emitted after the wrap, which may recompute the sums,
            // as push() then mean() would see them.
            for (std::size_t j = 0; j + 1 < run; ++j) {
                step(j);
                emit(i + j, Sums{shift, sum, sumsq, inv});
            }
            step(run - 1);
            sum_ = sum;
            sumsq_ = sumsq;
            pos_ += static_cast<int>(run);
            if (pos_ == period_) {
                pos_ = 0;
                if (++windows_ == recompute_windows_) recompute();
            }
            emit(i + run - 1, Sums{shift_, sum_, sumsq_, inv});
            i += run;
        }
        return refused == 0;
    }

    bool full() const noexcept { return count_ == period_; }
    int count() const noexcept { return count_; }
    int period() const noexcept { return period_; }
    double inv_period() const noexcept { return inv_period_; }
    // Multiplies by 1/N rather than dividing (a division per value is the slowest step of
    // the hot loop); results differ from division by at most an ulp.
    double mean() const noexcept { return mean_of(shift_, sum_, inv_count()); }
    double sum() const noexcept { return shift_ * count_ + sum_; }
    // Population variance (divide by N), never negative.
    double variance() const noexcept requires Squares { return variance_of(sumsq_, sum_, inv_count()); }
    // The value pushed `period` pushes ago (the one the next push evicts); valid when full.
    double oldest() const noexcept { return values_[static_cast<std::size_t>(pos_)]; }

    // The mean and the population variance (never negative) of a full window's sums.
    static double mean_of(double shift, double sum, double inv) noexcept { return shift + sum * inv; }
    static double variance_of(double sumsq, double sum, double inv) noexcept {
        const double v = (sumsq - sum * sum * inv) * inv;
        return v > 0 ? v : 0.0;
    }

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
