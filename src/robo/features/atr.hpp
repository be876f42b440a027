// features/atr.hpp — Average True Range, streaming.
//
// Matches TA-Lib's TA_ATR: bar 0 only provides a previous close (its own true range is never
// used); TR(i) = max(high-low, |prev close-high|, |prev close-low|) for i >= 1; the first
// ATR, at index `period`, is the simple mean of TR(1..period); afterwards Wilder smoothing
// atr = atr * keep + TR * weight, keep = (period-1)/period and weight = 1/period rounded
// once. TA-Lib computes (atr * (period-1) + TR) / period; the values agree to about 1e-15
// relative, and this form keeps the divide off the chain from one bar to the next (see
// rsi.hpp and docs/performance.md).
// Never allocates; O(1) per update.
#pragma once
#include <cmath>
#include <optional>

#include "robo/features/branchless.hpp"
#include "robo/features/input.hpp"

namespace robo::features {

class Atr {
public:
    explicit Atr(int period = 14)
        : period_((require_period("ATR", period), period)),
          keep_(static_cast<double>(period - 1) / period),
          weight_(1.0 / period) {}

    // Feeds one bar (high, low, close; high >= low). Returns the ATR once warmed up.
    static void validate(const Ohlcv& bar) { require_hlc("ATR", bar); }
    static bool valid(const Ohlcv& bar) noexcept { return hlc_ok(bar); }
    std::optional<double> update(const Ohlcv& bar) {
        validate(bar);
        return apply(bar);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(const Ohlcv& bar) noexcept { return apply(bar.high, bar.low, bar.close); }

    // The same with the fields apart, for batch runs over one array per field
    // (batch_columns_into, TA-Lib's layout).
    static void validate(double high, double low, double close) { require_hlc("ATR", high, low, close); }
    static bool valid(double high, double low, double close) noexcept { return hlc_ok(high, low, close); }
    std::optional<double> apply(double high, double low, double close) noexcept {
        if (count_ == 0) {
            prev_close_ = close;
            count_ = 1;
            return std::nullopt;
        }
        // TA_TRANGE's order of comparisons: a later candidate wins only when strictly larger.
        double tr = high - low;
        tr = max_without_branch(std::fabs(prev_close_ - high), tr);
        tr = max_without_branch(std::fabs(prev_close_ - low), tr);
        prev_close_ = close;
        if (count_ <= period_) {
            atr_ += tr;
            if (++count_ <= period_) return std::nullopt;
            atr_ /= period_;
            return atr_;
        }
        // Deterministic: the default x86-64 target has no FMA to contract this into.
        atr_ = atr_ * keep_ + tr * weight_;
        return atr_;
    }

    bool ready() const noexcept { return count_ > period_; }
    int period() const noexcept { return period_; }

private:
    int period_;
    double keep_, weight_;
    int count_ = 0;
    double prev_close_ = 0, atr_ = 0;
};

}  // namespace robo::features
