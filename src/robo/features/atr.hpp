// features/atr.hpp — Average True Range, streaming.
//
// Matches TA-Lib's TA_ATR: bar 0 only provides a previous close (its own true range is never
// used); TR(i) = max(high-low, |prev close-high|, |prev close-low|) for i >= 1; the first
// ATR, at index `period`, is the simple mean of TR(1..period); afterwards Wilder smoothing
// atr = (atr * (period-1) + TR) / period, in that order of operations.
// Never allocates; O(1) per update.
#pragma once
#include <cmath>
#include <optional>

#include "robo/features/input.hpp"

namespace robo::features {

class Atr {
public:
    explicit Atr(int period = 14) : period_((require_period("ATR", period), period)) {}

    // Feeds one bar (high, low, close; high >= low). Returns the ATR once warmed up.
    static void validate(const Ohlcv& bar) { require_hlc("ATR", bar); }
    static bool valid(const Ohlcv& bar) noexcept { return hlc_ok(bar); }
    std::optional<double> update(const Ohlcv& bar) {
        validate(bar);
        return apply(bar);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(const Ohlcv& bar) noexcept {
        if (count_ == 0) {
            prev_close_ = bar.close;
            count_ = 1;
            return std::nullopt;
        }
        double tr = bar.high - bar.low;  // TA_TRANGE's order of comparisons
        const double to_high = std::fabs(prev_close_ - bar.high);
        if (to_high > tr) tr = to_high;
        const double to_low = std::fabs(prev_close_ - bar.low);
        if (to_low > tr) tr = to_low;
        prev_close_ = bar.close;
        if (count_ <= period_) {
            atr_ += tr;
            if (++count_ <= period_) return std::nullopt;
            atr_ /= period_;
            return atr_;
        }
        atr_ *= period_ - 1;
        atr_ += tr;
        atr_ /= period_;
        return atr_;
    }

    bool ready() const noexcept { return count_ > period_; }
    int period() const noexcept { return period_; }

private:
    int period_;
    int count_ = 0;
    double prev_close_ = 0, atr_ = 0;
};

}  // namespace robo::features
