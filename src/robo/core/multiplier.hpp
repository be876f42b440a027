// core/multiplier.hpp — per-symbol contract multipliers (EXECUTION_CONTRACT_MULTIPLIER).
//
// A future's value is quantity x price x multiplier: one E-mini S&P 500 contract (ES) is 50
// times the index, one E-mini Nasdaq-100 (NQ) 20 times. The ledger, the commission's value
// cap, the risk gate's notional and exposure checks and the sizer all value a position with
// it. Written "1" (every symbol; the default, a share is worth its price), "50" or
// "ES=50,NQ=20" (others: 1), with "*=10" for the others. A multiplier of 1 changes nothing:
// contract_units(q, 1) is q exactly.
#pragma once
#include <string_view>
#include <unordered_map>

#include "robo/core/symbol.hpp"
#include "robo/core/units.hpp"

namespace robo {

struct ContractMultipliers {
    Quantity others = Quantity::from_units(1);
    std::unordered_map<Symbol, Quantity> by_symbol;

    Quantity of(Symbol symbol) const {
        if (by_symbol.empty()) return others;
        auto it = by_symbol.find(symbol);
        return it == by_symbol.end() ? others : it->second;
    }
    // True when every symbol's multiplier is 1 (the default): nothing to scale.
    bool trivial() const;
    // Throws std::invalid_argument naming EXECUTION_CONTRACT_MULTIPLIER, the entry and what was expected.
    static ContractMultipliers parse(std::string_view text);
};

// The units a quantity of contracts stands for (quantity x multiplier), rounded half-to-even to
// Quantity's 4 decimals; exactly `q` when the multiplier is 1.
inline Quantity contract_units(Quantity q, Quantity multiplier) {
    if (multiplier.raw() == Quantity::scale) return q;
    return Quantity::from_raw(decimal_detail::mul_div_round(q.raw(), multiplier.raw(), Quantity::scale));
}

// The value of one contract at `price` (price x multiplier); exactly `price` when the multiplier is 1.
inline Price contract_price(Price price, Quantity multiplier) {
    if (multiplier.raw() == Quantity::scale) return price;
    return Price::from_raw(decimal_detail::mul_div_round(price.raw(), multiplier.raw(), Quantity::scale));
}

}  // namespace robo
