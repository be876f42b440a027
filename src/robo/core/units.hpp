// core/units.hpp — Price, Quantity and Money: the exact numbers of orders, fills and the
// ledger.
//
// Price and Money hold 8 decimals (sub-penny quotes, per-share commissions such as
// $0.0035, adjusted prices); Quantity holds 4 (IBKR's fractional shares). Price x
// Quantity is Money, computed in 128 bits and rounded half-to-even to Money's 8 decimals,
// so a fill's cost is exact for any realistic order. Ranges: Price and Money up to about
// 9.2e10, Quantity up to about 9.2e14.
#pragma once
#include "robo/core/decimal.hpp"

namespace robo {

struct PriceTag {};
struct QuantityTag {};
struct MoneyTag {};

using Price = Decimal<PriceTag, 8>;
using Quantity = Decimal<QuantityTag, 4>;
using Money = Decimal<MoneyTag, 8>;

// Notional value of a quantity at a price.
inline Money operator*(Price p, Quantity q) {
    // p.raw * q.raw has 12 decimals; Money keeps 8.
    return Money::from_raw(decimal_detail::mul_div_round(p.raw(), q.raw(), Quantity::scale));
}
inline Money operator*(Quantity q, Price p) { return p * q; }

// Average price of a cost over a quantity (e.g. average cost of a position), rounded
// half-to-even to Price's 8 decimals. Throws DecimalError when q is zero.
inline Price average_price(Money cost, Quantity q) {
    return Price::from_raw(decimal_detail::mul_div_round(cost.raw(), Quantity::scale, q.raw()));
}

// A ratio for statistics and limits (e.g. exposure / equity); not for accounting.
template <class Tag, int P>
inline double ratio(Decimal<Tag, P> numerator, Decimal<Tag, P> denominator) {
    return static_cast<double>(numerator.raw()) / static_cast<double>(denominator.raw());
}

// Money scaled by a fraction given in basis points (slippage, fees): exact rounding.
inline Money basis_points(Money m, int64_t bps) {
    return Money::from_raw(decimal_detail::mul_div_round(m.raw(), bps, 10'000));
}

}  // namespace robo
