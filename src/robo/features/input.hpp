// features/input.hpp — what indicators are fed, and the one gate every value passes.
//
// Indicators work in double (design.md: the exact ledger types stop at the feature
// boundary). Every price must be finite and > 0 and every volume finite and >= 0; anything
// else is refused with std::invalid_argument naming the indicator, the field and the value,
// BEFORE the indicator's state is touched, so one bad print can never poison every later
// value. The refusal path is out of line so the accepted path stays a single compare.
#pragma once
#include <cstdint>
#include <limits>
#include <string_view>

#include "robo/core/market_data.hpp"

namespace robo::features {

// One bar as indicators see it. `session` identifies the trading session the bar belongs
// to (days since 1970-01-01 in New York); the anchored VWAP resets when it changes.
struct Ohlcv {
    double open = 0, high = 0, low = 0, close = 0, volume = 0;
    int32_t session = 0;
};

// Converts an exact Bar (Price/Quantity) to the double form indicators use.
Ohlcv to_ohlcv(const Bar& bar, int32_t session = 0) noexcept;

// Throws std::invalid_argument: "<indicator>: <field> must be <expected>, found <value>".
[[noreturn]] void refuse(std::string_view indicator, std::string_view field, double value,
                         std::string_view expected);

// The checks as booleans (batch mode tests them without exceptions in its loop).
// NaN fails every comparison, so it fails these too. `&` rather than `&&`: no branch, so
// g++ can check a block of values with vector compares (batch.hpp).
inline bool price_ok(double v) noexcept { return (v > 0.0) & (v <= std::numeric_limits<double>::max()); }
// price_ok() on a double's bits, for checking several values at once in integer lanes
// (`Bits` is std::uint64_t or a vector of them): the top bit of the result is set exactly
// when price_ok() refuses the value. +0 wraps b - 1 to all ones; any other negative has the
// sign in b - 1, and -0 in b + 2^52; +inf and NaN carry into the top bit when one is added
// to their all-ones exponent; a finite positive (subnormals too) sets neither.
template <class Bits>
inline Bits price_refusal(Bits b) noexcept {
    return (b - 1) | (b + (std::uint64_t{1} << 52));
}
inline bool volume_ok(double v) noexcept { return (v >= 0.0) & (v <= std::numeric_limits<double>::max()); }
inline bool hlc_ok(double high, double low, double close) noexcept {
    return price_ok(high) & price_ok(low) & price_ok(close) & (high >= low);
}
inline bool hlc_ok(const Ohlcv& b) noexcept { return hlc_ok(b.high, b.low, b.close); }

inline void require_price(std::string_view indicator, std::string_view field, double v) {
    if (!price_ok(v)) [[unlikely]]
        refuse(indicator, field, v, "a finite price > 0");
}

inline void require_volume(std::string_view indicator, double v) {
    if (!volume_ok(v)) [[unlikely]]
        refuse(indicator, "volume", v, "a finite volume >= 0");
}

// High >= low and both prices valid; close valid. Open is not used by any indicator.
inline void require_hlc(std::string_view indicator, double high, double low, double close) {
    require_price(indicator, "high", high);
    require_price(indicator, "low", low);
    require_price(indicator, "close", close);
    if (high < low) [[unlikely]]
        refuse(indicator, "high", high, "at least the bar's low");
}
inline void require_hlc(std::string_view indicator, const Ohlcv& b) {
    require_hlc(indicator, b.high, b.low, b.close);
}

// Throws std::invalid_argument when a period or parameter is out of range.
void require_period(std::string_view indicator, int period, int minimum = 1);

}  // namespace robo::features
