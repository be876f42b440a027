// core/per_symbol.hpp — the per-symbol option syntax: "VALUE" for every symbol, or
// "SYMBOL=VALUE,SYMBOL=VALUE" with "*=VALUE" for the others (EXECUTION_LOT_SIZE,
// EXECUTION_CONTRACT_MULTIPLIER). Values are positive quantities (4 decimals).
#pragma once
#include <string_view>
#include <unordered_map>

#include "robo/core/symbol.hpp"
#include "robo/core/units.hpp"

namespace robo {

struct PerSymbolQuantities {
    Quantity others;
    std::unordered_map<Symbol, Quantity> by_symbol;
};

// `others` is the value of the symbols not named (when "*" is not given). Throws
// std::invalid_argument naming `option` and the failing entry:
//   OPTION: "ENTRY": expected EXPECTED, found "TEXT"            (a value that is not positive)
//   OPTION: "ENTRY": expected SYMBOL=NAME (or *=NAME for the other symbols)
//   OPTION: "ENTRY": "NAME" is not a symbol
PerSymbolQuantities parse_per_symbol(std::string_view text, Quantity others, std::string_view option,
                                     std::string_view name, std::string_view expected);

}  // namespace robo
