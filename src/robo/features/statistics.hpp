// features/statistics.hpp — rolling standard deviation, returns and z-score, streaming.
//
// Conventions (none of these is a TA-Lib function with the same options; golden values come
// from a plain two-pass computation in tools/golden/generate.js):
//  * RollingStd: POPULATION standard deviation (divide by N) of the last `period` closes,
//    first value at index period-1 (as TA_STDDEV with nbDev 1); a variance below 1e-14
//    counts as 0, as in TA-Lib.
//  * Returns: close(t) / close(t - period) - 1 (simple) or ln of that ratio (log); first
//    value at index `period`.
//  * ZScore: (close - mean) / sd over the last `period` closes including the current one,
//    population sd; 0 when the window is flat (sd == 0) rather than a division by zero.
// Sums are drift-free (RollingWindow). Never allocates after construction; O(1) per update.
#pragma once
#include <cmath>
#include <optional>
#include <vector>

#include "robo/features/input.hpp"
#include "robo/features/rolling_window.hpp"

namespace robo::features {

class RollingStd {
public:
    explicit RollingStd(int period = 20) : window_((require_period("STDDEV", period, 2), period)) {}

    static void validate(double close) { require_price("STDDEV", "close", close); }
    static bool valid(double close) noexcept { return price_ok(close); }
    std::optional<double> update(double close) {
        validate(close);
        return apply(close);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(double close) noexcept {
        window_.push(close);
        if (!window_.full()) return std::nullopt;
        const double variance = window_.variance();
        return variance < 1e-14 ? 0.0 : std::sqrt(variance);
    }
    std::optional<double> update(const Ohlcv& bar) { return update(bar.close); }

    bool ready() const noexcept { return window_.full(); }
    int period() const noexcept { return window_.period(); }

private:
    RollingWindow<> window_;
};

class ZScore {
public:
    explicit ZScore(int period = 20) : window_((require_period("ZSCORE", period, 2), period)) {}

    static void validate(double close) { require_price("ZSCORE", "close", close); }
    static bool valid(double close) noexcept { return price_ok(close); }
    std::optional<double> update(double close) {
        validate(close);
        return apply(close);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(double close) noexcept {
        window_.push(close);
        if (!window_.full()) return std::nullopt;
        const double variance = window_.variance();
        if (variance < 1e-14) return 0.0;
        return (close - window_.mean()) / std::sqrt(variance);
    }
    std::optional<double> update(const Ohlcv& bar) { return update(bar.close); }

    bool ready() const noexcept { return window_.full(); }
    int period() const noexcept { return window_.period(); }

private:
    RollingWindow<> window_;
};

enum class ReturnKind { simple, log };

class Returns {
public:
    explicit Returns(int period = 1, ReturnKind kind = ReturnKind::simple)
        : past_((require_period("RETURNS", period), static_cast<size_t>(period))),
          period_(period),
          kind_(kind) {}

    static void validate(double close) { require_price("RETURNS", "close", close); }
    static bool valid(double close) noexcept { return price_ok(close); }
    std::optional<double> update(double close) {
        validate(close);
        return apply(close);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(double close) noexcept {
        const auto slot = static_cast<size_t>(pos_);
        const double then = past_[slot];
        past_[slot] = close;
        if (++pos_ == period_) pos_ = 0;
        if (count_ < period_) {
            ++count_;
            return std::nullopt;
        }
        count_ = period_ + 1;  // ready: a value `period` closes back exists
        return kind_ == ReturnKind::simple ? close / then - 1.0 : std::log(close / then);
    }
    std::optional<double> update(const Ohlcv& bar) { return update(bar.close); }

    bool ready() const noexcept { return count_ > period_; }
    int period() const noexcept { return period_; }
    ReturnKind kind() const noexcept { return kind_; }

private:
    std::vector<double> past_;
    int period_;
    int pos_ = 0, count_ = 0;
    ReturnKind kind_;
};

}  // namespace robo::features
