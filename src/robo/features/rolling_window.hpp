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
#include <cstdint>
#include <cstring>
#include <vector>

#include "robo/features/input.hpp"

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

    // push() over n prices, then emit(i, sums) after each value from the first full window
    // on (sumsq 0 without Squares), for batch kernels; false if price_ok() refuses one (the
    // window is then garbage: the caller restores a copy). The same arithmetic as push(),
    // mean() and variance(), in a loop shaped for speed:
    //  * once `period` values of this call are in, the value leaving the window is read
    //    from x itself (it was pushed `period` values ago) and the ring is not written; it
    //    is brought up to date from x before a recomputation reads it, and at the end;
    //  * those runs go on to the next recomputation, in a function of their own whose sums
    //    are locals (sum_run), and check the prices two at a time in integer lanes
    //    (price_refusal) instead of compares and branches;
    // so what is left per value is the running sum's one add on its chain, the mean and
    // the store. tests/features/pinned_bits_test holds the bits.
    template <class Emit>
    bool push_all(const double* x, std::size_t n, Emit&& emit) noexcept {
        const auto period = static_cast<std::size_t>(period_);
        std::uint64_t refused = 0;  // the top bit, once a price is refused
        for (std::size_t k = 0; k < std::min(n, period); ++k)
            refused |= price_ok(x[k]) ? 0 : ~std::uint64_t{0};
        std::size_t i = 0;
        for (; i < n && count_ < period_; ++i) {
            push(x[i]);
            if (full()) emit(i, Sums{shift_, sum_, sumsq_, inv_period_});
        }
        double* const ring = values_.data();
        // Until `period` values of this call are in (the values checked above), the leaving
        // values come from the ring.
        while (i < n && i < period) {
            const auto start = static_cast<std::size_t>(pos_);
            const std::size_t run = std::min({n - i, period - start, period - i});
            for (std::size_t j = 0; j < run; ++j) {
                const double v = x[i + j];
                add(v, ring[start + j], shift_, sum_, sumsq_);
                ring[start + j] = v;
                // The run's last value is emitted after the wrap, which may recompute the
                // sums, as push() then mean() would see them.
                if (j + 1 < run) emit(i + j, Sums{shift_, sum_, sumsq_, inv_period_});
            }
            i += run;
            pos_ += static_cast<int>(run);
            wrap(0, x, i);
            emit(i - 1, Sums{shift_, sum_, sumsq_, inv_period_});
        }
        while (i < n) {
            const auto start = static_cast<std::size_t>(pos_);
            const auto to_recompute =
                static_cast<std::size_t>(recompute_windows_ - windows_) * period - start;
            const std::size_t run = std::min(n - i, to_recompute);
            const Sums sums = sum_run(x + i, x + i - period, run, i, Sums{shift_, sum_, sumsq_, inv_period_},
                                      emit, refused);
            sum_ = sums.sum;
            sumsq_ = sums.sumsq;
            i += run;
            const std::size_t moved = start + run;
            pos_ = static_cast<int>(moved % period);
            wrap(static_cast<int>(moved / period) - (pos_ == 0 ? 1 : 0), x, i);
            emit(i - 1, Sums{shift_, sum_, sumsq_, inv_period_});
        }
        if (refused >> 63) return false;
        // The last values pushed into their slots (those read from x were not written).
        for (std::size_t m = 0; m < std::min(n, period); ++m)
            ring[(static_cast<std::size_t>(pos_) + period - 1 - m) % period] = x[n - 1 - m];
        return true;
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

    static void add(double v, double leaving, double shift, double& sum, double& sumsq) noexcept {
        sum += v - leaving;  // the shift cancels in the difference
        if constexpr (Squares) {
            const double d = v - shift, old = leaving - shift;
            sumsq += d * d - old * old;
        }
    }

    // After push_all() moved pos_: `windows` whole windows went by without ending at a
    // wrap; at a wrap (pos_ at 0 or period_) one more, and every recompute_windows_ of them
    // the sums are recomputed from the ring, first brought up to date from x (`pushed`
    // values of it are in).
    void wrap(int windows, const double* x, std::size_t pushed) noexcept {
        windows_ += windows;
        if (pos_ != period_ && pos_ != 0) return;
        pos_ = 0;
        if (++windows_ != recompute_windows_) return;
        // At the wrap, slot s holds the value pushed period - s values ago.
        const auto period = static_cast<std::size_t>(period_);
        if (pushed >= period) std::copy(x + pushed - period, x + pushed, values_.data());
        recompute();
    }

    // The sums over `run` values whose leaving values are in `leaving`, emitting all but the
    // last, with the prices' refusal bits or-ed into `refused`. Out of line: inlined into
    // the batch loop, g++ kept the running sum on the stack (a store and a load on its
    // chain per value, 4x slower).
    using Lanes = std::uint64_t __attribute__((vector_size(16)));
    template <class Emit>
    [[gnu::noinline]] static Sums sum_run(const double* x, const double* leaving, std::size_t run,
                                          std::size_t base, Sums s, Emit& emit,
                                          std::uint64_t& refused) noexcept {
        double sum = s.sum, sumsq = s.sumsq;
        Lanes lanes = {0, 0};
        std::size_t j = 0;
        for (; j + 2 < run; j += 2) {
            Lanes bits;
            std::memcpy(&bits, x + j, sizeof bits);
            lanes |= price_refusal(bits);
            add(x[j], leaving[j], s.shift, sum, sumsq);
            emit(base + j, Sums{s.shift, sum, sumsq, s.inv});
            add(x[j + 1], leaving[j + 1], s.shift, sum, sumsq);
            emit(base + j + 1, Sums{s.shift, sum, sumsq, s.inv});
        }
        std::uint64_t flags = lanes[0] | lanes[1];
        for (; j < run; ++j) {
            std::uint64_t bits;
            std::memcpy(&bits, x + j, sizeof bits);
            flags |= price_refusal(bits);
            add(x[j], leaving[j], s.shift, sum, sumsq);
            if (j + 1 < run) emit(base + j, Sums{s.shift, sum, sumsq, s.inv});
        }
        refused |= flags;
        return Sums{s.shift, sum, sumsq, s.inv};
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
