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
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>

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
        const double dev = deviation(window_.variance());
        const double upper = middle + dev, lower = middle - dev;
        const double width = upper - lower;
        return BollingerValue{upper, middle, lower, width > 0 ? (close - lower) / width : 0.5,
                              width / middle};
    }
    // TA-Lib's three outputs over n closes, into arrays (NaN in the warm-up), with apply()'s
    // arithmetic and without the two divisions of the extras; false if a close was refused
    // (see batch_bands_into). Two passes: the rolling sums leave the mean in `middle`, the
    // sum in `upper` and the sum of squares in `lower`, then finish_bands() computes the
    // variance, the square root and the bands several values at a time.
    bool apply_into(double* upper, double* middle, double* lower, size_t n, const double* closes) noexcept {
        const auto unfilled = static_cast<size_t>(window_.period() - window_.count());
        const size_t first = std::min(n, unfilled == 0 ? 0 : unfilled - 1);
        for (size_t i = 0; i < first; ++i)
            upper[i] = middle[i] = lower[i] = std::numeric_limits<double>::quiet_NaN();
        const bool ok = window_.push_all(closes, n, [=](size_t i, const auto& sums) {
            middle[i] = sums.mean();
            upper[i] = sums.sum;
            lower[i] = sums.sumsq;
        });
        if (ok)
            finish_bands(k_, window_.inv_period(), upper + first, middle + first, lower + first, n - first);
        return ok;
    }
    std::optional<BollingerValue> update(const Ohlcv& bar) { return update(bar.close); }

    bool ready() const noexcept { return window_.full(); }
    int period() const noexcept { return window_.period(); }
    double k() const noexcept { return k_; }

private:
    // upper and lower from the means, and the sums (in upper) and sums of squares (in lower)
    // of full windows: RollingWindow::variance()'s and deviation()'s arithmetic.
    static void finish_bands(double k, double inv, double* upper, const double* middle, double* lower,
                             size_t n) noexcept;
    static double deviation(double k, double variance) noexcept {
        return k * (variance < 1e-14 ? 0.0 : std::sqrt(variance));
    }
    double deviation(double variance) const noexcept { return deviation(k_, variance); }

    RollingWindow<> window_;
    double k_;
};

// Batch Bollinger bands in TA-Lib's layout: upper, middle and lower arrays the size of
// `closes`, NaN in the warm-up, the same bits as update(). Like batch_values_into, a refused
// close throws naming its index, after the values before it are written (the arrays after it
// hold no meaning) and the bands stay as they were before it.
void batch_bands_into(Bollinger& bands, std::span<const double> closes, std::span<double> upper,
                      std::span<double> middle, std::span<double> lower);

}  // namespace robo::features
