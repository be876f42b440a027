// features/sma.hpp — Simple Moving Average, streaming.
//
// Matches TA-Lib's TA_SMA: the first value appears at index period-1 (after `period`
// closes) and is the arithmetic mean of the last `period` closes. The running sum is
// drift-free (RollingWindow). Never allocates after construction; O(1) per update.
#pragma once
#include <cstddef>
#include <limits>
#include <optional>

#include "robo/features/input.hpp"
#include "robo/features/rolling_window.hpp"

namespace robo::features {

class Sma {
public:
    explicit Sma(int period = 20) : window_((require_period("SMA", period), period)) {}

    // Feeds one close (refused unless finite and > 0). Returns the mean once warmed up.
    static void validate(double close) { require_price("SMA", "close", close); }
    static bool valid(double close) noexcept { return price_ok(close); }
    std::optional<double> update(double close) {
        validate(close);
        return apply(close);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(double close) noexcept {
        window_.push(close);
        if (!window_.full()) return std::nullopt;
        return window_.mean();
    }
    // apply() over n closes into out, NaN in the warm-up; false if a close was refused
    // (batch.hpp).
    bool apply_into(double* out, size_t n, const double* closes) noexcept {
        // The values before the window fills (push_all emits from the first full window on).
        const auto unfilled = static_cast<size_t>(window_.period() - window_.count());
        for (size_t i = 0; i + 1 < unfilled && i < n; ++i) out[i] = std::numeric_limits<double>::quiet_NaN();
        return window_.push_all(closes, n, [out](size_t i, const auto& sums) { out[i] = sums.mean(); });
    }
    std::optional<double> update(const Ohlcv& bar) { return update(bar.close); }

    bool ready() const noexcept { return window_.full(); }
    int period() const noexcept { return window_.period(); }

private:
    RollingWindow<false> window_;
};

}  // namespace robo::features
