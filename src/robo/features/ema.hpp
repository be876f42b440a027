// features/ema.hpp — Exponential Moving Average, streaming.
//
// Matches TA-Lib's TA_EMA (default compatibility): k = 2 / (period + 1); the seed is the
// simple average of the first `period` values, output at index period-1; afterwards
// ema = (x - ema) * k + ema, in that order of operations. EmaCore is the unchecked
// arithmetic, reused by MACD for its signal line (MACD values may be negative).
// Never allocates; O(1) per update.
#pragma once
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
    explicit Ema(int period = 20) : core_((require_period("EMA", period), period)) {}

    // Feeds one close (refused unless finite and > 0). Returns the EMA once warmed up.
    static void validate(double close) { require_price("EMA", "close", close); }
    static bool valid(double close) noexcept { return price_ok(close); }
    std::optional<double> update(double close) {
        validate(close);
        return apply(close);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(double close) noexcept { return core_.push(close); }
    std::optional<double> update(const Ohlcv& bar) { return update(bar.close); }

    bool ready() const noexcept { return core_.ready(); }
    int period() const noexcept { return core_.period(); }

private:
    EmaCore core_;
};

}  // namespace robo::features
