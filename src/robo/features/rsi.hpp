// features/rsi.hpp — Relative Strength Index, streaming.
//
// Matches TA-Lib's TA_RSI: the first value appears after `period` changes (index
// `period`), seeded with the simple average gain and loss, then Wilder smoothing. TA-Lib
// computes avg = (avg * (period - 1) + x) / period; here it is avg * keep + x * weight with
// keep = (period - 1) / period and weight = 1 / period rounded once at construction. The
// two agree to about 1e-15 relative, but not to the last bit: TA-Lib's form puts a
// multiply, an add and a divide (about 20 cycles) on the chain that carries one bar to the
// next, this one a multiply and an add (x * weight is off the chain), which is why it is
// several times faster (docs/performance.md). When gains and losses are both ~0 (|sum| <
// 1e-14, TA-Lib's TA_IS_ZERO) the value is 0, as in TA-Lib.
// Never allocates after construction; O(1) per update.
#pragma once
#include <optional>

#include "robo/features/branchless.hpp"
#include "robo/features/input.hpp"

namespace robo::features {

class Rsi {
public:
    explicit Rsi(int period = 14)
        : period_((require_period("RSI", period), period)),
          divisor_(period),
          keep_((divisor_ - 1) / divisor_),
          weight_(1 / divisor_) {}

    static void validate(double close) { require_price("RSI", "close", close); }
    static bool valid(double close) noexcept { return price_ok(close); }
    // Feeds one close. Returns the RSI once warmed up.
    std::optional<double> update(double close) {
        validate(close);
        return apply(close);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(double close) noexcept {
        if (count_ == 0) {
            prev_ = close;
            count_ = 1;
            return std::nullopt;
        }
        const double change = close - prev_;
        prev_ = close;
        // TA-Lib adds the change to one side only; here both sides add, the other side a
        // zero (+0.0, or -0.0 for an unchanged close), which changes no bits: the averages
        // are never -0.0, and x + 0.0 == x for every other x, x + -0.0 == x for every x.
        // No branch for a random walk to mispredict half the time (branchless.hpp).
        const double loss = max_without_branch(-change, 0.0);
        const double gain = max_without_branch(change, 0.0);
        if (count_ <= period_) {
            avg_loss_ += loss;
            avg_gain_ += gain;
            if (++count_ <= period_) return std::nullopt;
            avg_loss_ /= divisor_;
            avg_gain_ /= divisor_;
        } else {
            // Two roundings per product and sum; deterministic because the default x86-64
            // target has no FMA for g++ to contract them into (pinned_bits_test guards it).
            avg_loss_ = avg_loss_ * keep_ + loss * weight_;
            avg_gain_ = avg_gain_ * keep_ + gain * weight_;
        }
        const double total = avg_gain_ + avg_loss_;
        if (total > -1e-14 && total < 1e-14) return 0.0;
        return 100.0 * (avg_gain_ / total);
    }
    std::optional<double> update(const Ohlcv& bar) { return update(bar.close); }

    bool ready() const noexcept { return count_ > period_; }
    int period() const noexcept { return period_; }

private:
    int period_;
    // period as a double for the seed's division (converted once, outside the chain), and
    // the smoothing's two weights.
    double divisor_, keep_, weight_;
    int count_ = 0;
    double prev_ = 0, avg_gain_ = 0, avg_loss_ = 0;
};

}  // namespace robo::features
