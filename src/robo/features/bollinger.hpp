// features/bollinger.hpp — Bollinger Bands, streaming.
//
// Matches TA-Lib's TA_BBANDS with an SMA middle band (MAType SMA) and equal up/down
// multipliers: middle = SMA(period); sd = POPULATION standard deviation of the same
// `period` closes (divide by N, not N-1); upper/lower = middle +/- k * sd. First value at
// index period-1. Like TA-Lib, a variance below 1e-14 (TA_IS_ZERO_OR_NEG) counts as 0.
// Extras TA-Lib does not output: %B = (close - lower) / (upper - lower), 0.5 when the bands
// have collapsed (flat prices); bandwidth = (upper - lower) / middle.
// Never allocates after construction; O(1) per update (drift-free sums, RollingWindow).
#pragma once
#include <cmath>
#include <optional>

#include "robo/features/input.hpp"
#include "robo/features/rolling_window.hpp"

namespace robo::features {

struct BollingerValue {
    double upper, middle, lower, percent_b, bandwidth;
};

class Bollinger {
public:
    explicit Bollinger(int period = 20, double k = 2.0);

    static void validate(double close) { require_price("BBANDS", "close", close); }
    static bool valid(double close) noexcept { return price_ok(close); }
    std::optional<BollingerValue> update(double close) {
        validate(close);
        return apply(close);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<BollingerValue> apply(double close) noexcept {
        window_.push(close);
        if (!window_.full()) return std::nullopt;
        const double middle = window_.mean();
        const double variance = window_.variance();
        const double sd = variance < 1e-14 ? 0.0 : std::sqrt(variance);
        const double dev = k_ * sd;
        const double upper = middle + dev, lower = middle - dev;
        const double width = upper - lower;
        return BollingerValue{upper, middle, lower, width > 0 ? (close - lower) / width : 0.5,
                              width / middle};
    }
    std::optional<BollingerValue> update(const Ohlcv& bar) { return update(bar.close); }

    bool ready() const noexcept { return window_.full(); }
    int period() const noexcept { return window_.period(); }
    double k() const noexcept { return k_; }

private:
    RollingWindow<> window_;
    double k_;
};

}  // namespace robo::features
