// features/rsi.hpp — Relative Strength Index, streaming.
//
// Matches TA-Lib's TA_RSI: the first value appears after `period` changes (index
// `period`), seeded with the simple average gain and loss, then Wilder smoothing
// avg = (avg * (period - 1) + x) / period. When gains and losses are both ~0 (|sum| <
// 1e-14, TA-Lib's TA_IS_ZERO) the value is 0, as in TA-Lib.
// Never allocates after construction; O(1) per update.
#pragma once
#include <optional>

#include "robo/features/input.hpp"

namespace robo::features {

class Rsi {
public:
    explicit Rsi(int period = 14) : period_((require_period("RSI", period), period)) {}

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
        if (count_ <= period_) {
            avg_loss_ += loss_of(change);
            avg_gain_ += gain_of(change);
            if (++count_ <= period_) return std::nullopt;
            avg_loss_ /= period_;
            avg_gain_ /= period_;
        } else {
            avg_loss_ *= (period_ - 1);
            avg_gain_ *= (period_ - 1);
            avg_loss_ += loss_of(change);
            avg_gain_ += gain_of(change);
            avg_loss_ /= period_;
            avg_gain_ /= period_;
        }
        const double total = avg_gain_ + avg_loss_;
        if (total > -1e-14 && total < 1e-14) return 0.0;
        return 100.0 * (avg_gain_ / total);
    }
    std::optional<double> update(const Ohlcv& bar) { return update(bar.close); }

    bool ready() const noexcept { return count_ > period_; }
    int period() const noexcept { return period_; }

private:
    // TA-Lib adds a change to one side only; adding an exact 0.0 to the other side changes no
    // bit, and lets the compiler avoid a branch that a random walk mispredicts half the time.
    static double gain_of(double change) noexcept { return change > 0 ? change : 0.0; }
    static double loss_of(double change) noexcept { return change < 0 ? -change : 0.0; }

    int period_;
    int count_ = 0;
    double prev_ = 0, avg_gain_ = 0, avg_loss_ = 0;
};

}  // namespace robo::features
