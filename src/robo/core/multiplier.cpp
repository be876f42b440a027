#include "robo/core/multiplier.hpp"

#include "robo/core/per_symbol.hpp"

namespace robo {

bool ContractMultipliers::trivial() const {
    const Quantity one = Quantity::from_units(1);
    if (others != one) return false;
    for (const auto& [symbol, m] : by_symbol)
        if (m != one) return false;
    return true;
}

ContractMultipliers ContractMultipliers::parse(std::string_view text) {
    auto parsed =
        parse_per_symbol(text, Quantity::from_units(1), "EXECUTION_CONTRACT_MULTIPLIER", "multiplier",
                         "a positive multiplier (e.g. 50 for ES, 20 for NQ, 1 for a share) of at "
                         "least 0.0001");
    ContractMultipliers out;
    out.others = parsed.others;
    out.by_symbol = std::move(parsed.by_symbol);
    return out;
}

}  // namespace robo
