// risk/notional.hpp — Price x Quantity -> Money, exactly as core/units.hpp computes it,
// with a 64-bit fast path for the gate's hot loop.
//
// core's operator* always divides in 128 bits (a library call, tens of ns). When the raw
// product fits in int64 (notional below about 9.2 million dollars) the same half-to-even
// rounding is done here with a 64-bit division by the constant 10^4, which compiles to a
// multiply; anything larger falls back to core. Same result bit for bit (tested).
#pragma once
#include <cstdint>

#include "robo/core/units.hpp"

namespace robo::risk {

inline Money notional(Price p, Quantity q) {
    int64_t prod;
    if (__builtin_mul_overflow(p.raw(), q.raw(), &prod) || prod == INT64_MIN) return p * q;
    const bool negative = prod < 0;
    const uint64_t n = negative ? static_cast<uint64_t>(-prod) : static_cast<uint64_t>(prod);
    constexpr uint64_t d = Quantity::scale;  // 12 decimals of the product -> Money's 8
    uint64_t quot = n / d;
    const uint64_t rem = n % d;
    if (rem * 2 > d || (rem * 2 == d && (quot & 1) != 0)) ++quot;
    const int64_t v = static_cast<int64_t>(quot);
    return Money::from_raw(negative ? -v : v);
}

}  // namespace robo::risk
