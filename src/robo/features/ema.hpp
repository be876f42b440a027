// features/ema.hpp — Exponential Moving Average, streaming.
//
// Matches TA-Lib's TA_EMA (default compatibility): k = 2 / (period + 1); the seed is the
// simple average of the first `period` values, output at index period-1.
//
// EmaCore is TA-Lib's recurrence to the bit, ema = (x - ema) * k + ema, reused by MACD for
// its three averages. MACD must keep it: its line is the difference of two close averages
// and crosses zero, where a last-bit difference in either average is far above the golden
// tests' 1e-12 absolute tolerance (the paired form below misses it by 2x on real series).
//
// Ema, the indicator, takes the same recurrence two bars at a time. TA-Lib's sub, mul and
// add (about 9 cycles) carry each bar to the next, and that chain is all its time. With
// keep = 1 - k and the weights' products rounded once:
//   first bar of a pair:  ema1 = ema0 * keep + x1 * k
//   second bar:           ema2 = ema0 * keep^2 + (x1 * (k * keep) + x2 * k)
// Both start from ema0, the value at the end of the previous pair, so only a multiply and an
// add per two bars carry over (about 3 cycles a bar) and the rest runs in parallel. The
// values agree with TA-Lib's to about 1e-15 relative, not to the last bit. Pairs count from
// the seed, so streaming and batch see the same pairs. The default x86-64 target has no FMA
// for g++ to contract these into, so the bits do not depend on the machine
// (pinned_bits_test guards that). Never allocates; O(1) per update.
#pragma once
#include <cstddef>
#include <limits>
#include <optional>

#include "robo/features/input.hpp"

namespace robo::features {

class EmaCore {
public:
    explicit EmaCore(int period) : period_(period), k_(2.0 / static_cast<double>(period + 1)) {}

    std::optional<double> push(double x) noexcept {
        if (count_ < period_) {
            seed_sum_ += x;  // summed in arrival order, as TA-Lib sums its seed window
            if (++count_ < period_) return std::nullopt;
            value_ = seed_sum_ / period_;
            return value_;
        }
        value_ = ((x - value_) * k_) + value_;
        return value_;
    }
    // Starts the recurrence from a seed computed elsewhere (MACD's fast EMA).
    void seed(double value) noexcept {
        count_ = period_;
        value_ = value;
    }

    bool ready() const noexcept { return count_ == period_; }
    int period() const noexcept { return period_; }
    double value() const noexcept { return value_; }

private:
    int period_;
    int count_ = 0;
    double k_;
    double seed_sum_ = 0, value_ = 0;
};

class Ema {
public:
    explicit Ema(int period = 20) : period_((require_period("EMA", period), period)), w_(period) {}

    // Feeds one close (refused unless finite and > 0). Returns the EMA once warmed up.
    static void validate(double close) { require_price("EMA", "close", close); }
    static bool valid(double close) noexcept { return price_ok(close); }
    std::optional<double> update(double close) {
        validate(close);
        return apply(close);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(double x) noexcept {
        if (count_ < period_) {
            seed_sum_ += x;  // summed in arrival order, as TA-Lib sums its seed window
            if (++count_ < period_) return std::nullopt;
            value_ = pair_start_ = seed_sum_ / period_;
            return value_;
        }
        if (first_of_pair_) {
            first_ = x;
            value_ = w_.first(pair_start_, x);
        } else {
            pair_start_ = w_.second(pair_start_, first_, x);
            value_ = pair_start_;
        }
        first_of_pair_ = !first_of_pair_;
        return value_;
    }
    // apply() over n closes into out (NaN in the warm-up), a whole pair per turn of the
    // loop; false if a close was refused (batch.hpp). The state lives in locals: out could
    // alias a member otherwise, and every store would reload it.
    bool apply_into(double* out, size_t n, const double* x) noexcept {
        size_t i = 0;
        for (; i < n && (count_ < period_ || !first_of_pair_); ++i) {
            if (!valid(x[i])) return false;
            out[i] = apply(x[i]).value_or(std::numeric_limits<double>::quiet_NaN());
        }
        if (i == n) return true;
        const Weights w = w_;
        double start = pair_start_;
        double refused = 0;  // counted in a double, a chain apart from the average's
        for (; i + 2 <= n; i += 2) {
            refused += (valid(x[i]) & valid(x[i + 1])) ? 0.0 : 1.0;
            out[i] = w.first(start, x[i]);
            start = w.second(start, x[i], x[i + 1]);
            out[i + 1] = start;
        }
        value_ = pair_start_ = start;  // between pairs the value is the pair's start
        if (i < n) {
            if (!valid(x[i])) return false;
            out[i] = *apply(x[i]);
        }
        return refused == 0;
    }
    std::optional<double> update(const Ohlcv& bar) { return update(bar.close); }

    bool ready() const noexcept { return count_ == period_; }
    int period() const noexcept { return period_; }

private:
    struct Weights {
        explicit Weights(int period)
            : k(2.0 / static_cast<double>(period + 1)),
              keep(static_cast<double>(period - 1) / static_cast<double>(period + 1)),
              keep2(keep * keep),
              k_keep(k * keep) {}
        double first(double start, double x1) const noexcept { return start * keep + x1 * k; }
        double second(double start, double x1, double x2) const noexcept {
            return start * keep2 + (x1 * k_keep + x2 * k);
        }
        double k, keep, keep2, k_keep;
    };

    int period_;
    int count_ = 0;
    Weights w_;
    double seed_sum_ = 0, value_ = 0;
    double pair_start_ = 0, first_ = 0;  // ema0 and x1 of the pair in progress
    bool first_of_pair_ = true;
};

}  // namespace robo::features
