// features/obv.hpp — On-Balance Volume, streaming.
//
// Matches TA-Lib's TA_OBV: the first value (index 0) is the first bar's volume; then the
// bar's volume is added when the close rises, subtracted when it falls, and nothing changes
// on an unchanged close. Zero volume is valid. O(1), no allocation.
#pragma once
#include <optional>

#include "robo/features/input.hpp"

namespace robo::features {

class Obv {
public:
    static void validate(const Ohlcv& bar) { validate(bar.close, bar.volume); }
    static bool valid(const Ohlcv& bar) noexcept { return valid(bar.close, bar.volume); }
    std::optional<double> update(const Ohlcv& bar) {
        validate(bar);
        return apply(bar);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(const Ohlcv& bar) noexcept { return apply(bar.close, bar.volume); }

    // The same with the fields apart, for batch runs over a close and a volume array
    // (batch_columns_into, TA-Lib's layout): 16 bytes a bar read instead of a 48-byte bar.
    static void validate(double close, double volume) {
        require_price("OBV", "close", close);
        require_volume("OBV", volume);
    }
    static bool valid(double close, double volume) noexcept { return price_ok(close) & volume_ok(volume); }
    std::optional<double> apply(double close, double volume) noexcept {
        if (!started_) {
            started_ = true;
            obv_ = volume;
        } else {
            // +volume, -volume or +0.0: the same bits as TA-Lib's if/else, without a branch
            // that a random walk mispredicts half the time.
            const double direction = (close > prev_) - (close < prev_);
            obv_ += direction * volume;
        }
        prev_ = close;
        return obv_;
    }

    bool ready() const noexcept { return started_; }

private:
    bool started_ = false;
    double prev_ = 0, obv_ = 0;
};

}  // namespace robo::features
