#include "robo/features/input.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace robo::features {

Ohlcv to_ohlcv(const Bar& bar, int32_t session) noexcept {
    return Ohlcv{bar.open.to_double(),  bar.high.to_double(),   bar.low.to_double(),
                 bar.close.to_double(), bar.volume.to_double(), session};
}

void refuse(std::string_view indicator, std::string_view field, double value, std::string_view expected) {
    throw std::invalid_argument(fmt::format("{}: {} must be {}, found {} (value refused, state unchanged)",
                                            indicator, field, expected, value));
}

void require_period(std::string_view indicator, int period, int minimum) {
    if (period < minimum || period > 1'000'000)
        throw std::invalid_argument(
            fmt::format("{}: period must be between {} and 1000000, found {}", indicator, minimum, period));
}

}  // namespace robo::features
