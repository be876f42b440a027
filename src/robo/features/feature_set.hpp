// features/feature_set.hpp — the configured indicators of one symbol on one timeframe.
//
// Holds each indicator by value (a std::variant, no virtual calls, no allocation per bar),
// updates them all from one bar and keeps their latest outputs in a flat array of doubles in
// column order (NaN while an output is not warmed up), so a snapshot is a view, not a copy.
// The bar is validated once up front, so either every indicator sees it or none does.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "robo/features/atr.hpp"
#include "robo/features/bollinger.hpp"
#include "robo/features/ema.hpp"
#include "robo/features/feature_spec.hpp"
#include "robo/features/macd.hpp"
#include "robo/features/obv.hpp"
#include "robo/features/rsi.hpp"
#include "robo/features/sma.hpp"
#include "robo/features/statistics.hpp"
#include "robo/features/vwap.hpp"

namespace robo::features {

using AnyIndicator =
    std::variant<Sma, Ema, Rsi, Macd, Bollinger, Atr, Obv, Vwap, RollingVwap, RollingStd, Returns, ZScore>;

class FeatureSet {
public:
    explicit FeatureSet(const std::vector<IndicatorSpec>& specs);

    // Feeds one closed bar to every indicator. Throws std::invalid_argument (nothing updated)
    // for a bar with a non-positive or non-finite price, high < low or negative volume.
    void update(const Ohlcv& bar);

    std::span<const std::string> names() const noexcept { return names_; }
    std::span<const double> values() const noexcept { return values_; }  // NaN = not ready
    // The latest value of an output (nullopt while warming up or when no output has that name).
    std::optional<double> value(std::string_view name) const;
    // nullopt when the output is not warmed up, or no output has that name.
    std::optional<std::size_t> index_of(std::string_view name) const;
    bool ready() const noexcept;  // every output has a value now
    bool ready(std::string_view name) const { return value(name).has_value(); }
    int64_t bars() const noexcept { return bars_; }

private:
    struct Slot {
        AnyIndicator indicator;
        uint32_t first;  // index of its first output in values_
    };
    std::vector<Slot> slots_;
    std::vector<std::string> names_;
    std::vector<double> values_;
    int64_t bars_ = 0;
};

}  // namespace robo::features
