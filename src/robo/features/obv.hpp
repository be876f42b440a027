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
    static void validate(const Ohlcv& bar) {
        require_price("OBV", "close", bar.close);
        require_volume("OBV", bar.volume);
    }
    static bool valid(const Ohlcv& bar) noexcept { return price_ok(bar.close) && volume_ok(bar.volume); }
    std::optional<double> update(const Ohlcv& bar) {
        validate(bar);
        return apply(bar);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(const Ohlcv& bar) noexcept {
        if (!started_) {
            started_ = true;
            obv_ = bar.volume;
        } else {
            // +volume, -volume or +0.0: the same bits as TA-Lib's if/else, without a branch
            // that a random walk mispredicts half the time.
            const double direction = (bar.close > prev_) - (bar.close < prev_);
            obv_ += direction * bar.volume;
        }
        prev_ = bar.close;
        return obv_;
    }

    bool ready() const noexcept { return started_; }

private:
    bool started_ = false;
    double prev_ = 0, obv_ = 0;
};

}  // namespace robo::features
