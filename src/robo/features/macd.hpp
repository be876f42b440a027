// features/macd.hpp — Moving Average Convergence/Divergence, streaming.
//
// Matches TA-Lib's TA_MACD (ta_MACD.c, TA_INT_MACD) exactly, including its unusual seeding:
//  * the slow EMA is an ordinary TA-Lib EMA: seeded with the SMA of closes 0..slow-1, first
//    value at index slow-1;
//  * the fast EMA is NOT started at index fast-1. TA-Lib runs it from the same start index as
//    the slow one (slow-1), so its seed is the SMA of the `fast` closes ending at index
//    slow-1 (closes slow-fast .. slow-1), and it recurs from there;
//  * line = fast - slow from index slow-1; signal = TA-Lib EMA(signal) of the line (seeded
//    with the SMA of its first `signal` values); histogram = line - signal;
//  * every output first appears at index (slow-1) + (signal-1): 33 for 12/26/9.
// k = 2 / (period + 1) for all three. fast must be < slow (TA-Lib silently swaps them; we
// refuse). Never allocates after construction; O(1) per update.
#pragma once
#include <optional>
#include <vector>

#include "robo/features/ema.hpp"
#include "robo/features/input.hpp"

namespace robo::features {

struct MacdValue {
    double line, signal, histogram;
};

class Macd {
public:
    explicit Macd(int fast = 12, int slow = 26, int signal = 9);

    // Feeds one close. Returns line, signal and histogram once all three are warmed up.
    static void validate(double close) { require_price("MACD", "close", close); }
    static bool valid(double close) noexcept { return price_ok(close); }
    std::optional<MacdValue> update(double close) {
        validate(close);
        return apply(close);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<MacdValue> apply(double close) noexcept {
        const auto slow = slow_.push(close);
        if (!slow) {
            // Keep the last `fast` closes: the fast EMA's seed is their mean at index slow-1.
            recent_[static_cast<size_t>(pos_)] = close;
            if (++pos_ == fast_.period()) pos_ = 0;
            return std::nullopt;
        }
        double fast;
        if (!fast_.ready()) {
            recent_[static_cast<size_t>(pos_)] = close;
            if (++pos_ == fast_.period()) pos_ = 0;
            double sum = 0;  // oldest to newest, the order TA_INT_EMA sums its seed
            for (int i = 0; i < fast_.period(); ++i)
                sum += recent_[static_cast<size_t>((pos_ + i) % fast_.period())];
            fast = sum / fast_.period();
            fast_.seed(fast);
        } else {
            fast = *fast_.push(close);
        }
        const double line = fast - *slow;
        const auto signal = signal_.push(line);
        if (!signal) return std::nullopt;
        return MacdValue{line, *signal, line - *signal};
    }
    std::optional<MacdValue> update(const Ohlcv& bar) { return update(bar.close); }

    bool ready() const noexcept { return signal_.ready(); }
    // Closes needed before the first value: (slow-1) + (signal-1) + 1.
    int warmup() const noexcept { return slow_.period() + signal_.period() - 1; }

private:
    EmaCore fast_, slow_, signal_;
    std::vector<double> recent_;
    int pos_ = 0;
};

}  // namespace robo::features
