// features/vwap.hpp — Volume-Weighted Average Price, anchored to the session and rolling.
//
// Not in TA-Lib; the convention used (and by the golden generator): price = typical price
// (high + low + close) / 3, VWAP = sum(price * volume) / sum(volume).
//  * Vwap (anchored): sums restart whenever Ohlcv::session changes (the session open).
//  * RollingVwap: the last `period` bars; sums are recomputed from the ring every 1024
//    updates so they never drift (same scheme as RollingWindow).
// With no volume yet (sum of volume == 0, e.g. index data with zero volume) there is no
// VWAP: update returns nullopt rather than dividing by zero. O(1) per update.
#pragma once
#include <optional>
#include <vector>

#include "robo/features/input.hpp"

namespace robo::features {

inline double typical_price(const Ohlcv& bar) noexcept { return (bar.high + bar.low + bar.close) / 3.0; }

class Vwap {
public:
    static void validate(const Ohlcv& bar) {
        require_hlc("VWAP", bar);
        require_volume("VWAP", bar.volume);
    }
    static bool valid(const Ohlcv& bar) noexcept { return hlc_ok(bar) && volume_ok(bar.volume); }
    std::optional<double> update(const Ohlcv& bar) {
        validate(bar);
        return apply(bar);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(const Ohlcv& bar) noexcept {
        if (!started_ || bar.session != session_) {
            started_ = true;
            session_ = bar.session;
            price_volume_ = 0;
            volume_ = 0;
        }
        price_volume_ += typical_price(bar) * bar.volume;
        volume_ += bar.volume;
        if (volume_ == 0) return std::nullopt;
        return price_volume_ / volume_;
    }

    bool ready() const noexcept { return volume_ > 0; }

private:
    bool started_ = false;
    int32_t session_ = 0;
    double price_volume_ = 0, volume_ = 0;
};

class RollingVwap {
public:
    static constexpr int kRecomputeEvery = 1024;

    explicit RollingVwap(int period = 20)
        : pv_((require_period("RollingVWAP", period), static_cast<size_t>(period))),
          v_(static_cast<size_t>(period)),
          period_(period) {}

    static void validate(const Ohlcv& bar) {
        require_hlc("RollingVWAP", bar);
        require_volume("RollingVWAP", bar.volume);
    }
    static bool valid(const Ohlcv& bar) noexcept { return hlc_ok(bar) && volume_ok(bar.volume); }
    std::optional<double> update(const Ohlcv& bar) {
        validate(bar);
        return apply(bar);
    }
    // update() without the validation, for batch runs over an already validated series.
    std::optional<double> apply(const Ohlcv& bar) noexcept {
        const double pv = typical_price(bar) * bar.volume;
        const auto slot = static_cast<size_t>(pos_);
        if (count_ == period_) {
            sum_pv_ += pv - pv_[slot];
            sum_v_ += bar.volume - v_[slot];
            if (v_[slot] > 0) --nonzero_;
        } else {
            ++count_;
            sum_pv_ += pv;
            sum_v_ += bar.volume;
        }
        if (bar.volume > 0) ++nonzero_;
        pv_[slot] = pv;
        v_[slot] = bar.volume;
        if (++pos_ == period_) pos_ = 0;
        if (count_ == period_ && ++since_recompute_ == kRecomputeEvery) recompute();
        if (count_ < period_ || nonzero_ == 0) return std::nullopt;
        return sum_pv_ / sum_v_;
    }

    bool ready() const noexcept { return count_ == period_ && nonzero_ > 0; }
    int period() const noexcept { return period_; }

private:
    void recompute() noexcept {
        since_recompute_ = 0;
        sum_pv_ = 0;
        sum_v_ = 0;
        for (int i = 0; i < period_; ++i) {
            const auto k = static_cast<size_t>((pos_ + i) % period_);
            sum_pv_ += pv_[k];
            sum_v_ += v_[k];
        }
    }

    std::vector<double> pv_, v_;
    int period_;
    int pos_ = 0, count_ = 0, nonzero_ = 0, since_recompute_ = 0;
    double sum_pv_ = 0, sum_v_ = 0;
};

}  // namespace robo::features
