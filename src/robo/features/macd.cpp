#include "robo/features/macd.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace robo::features {

namespace {
int checked_fast(int fast, int slow, int signal) {
    require_period("MACD fast", fast, 2);
    require_period("MACD slow", slow, 2);
    require_period("MACD signal", signal, 1);
    if (fast >= slow)
        throw std::invalid_argument(fmt::format(
            "MACD: fast period must be below slow period, found fast {} and slow {}", fast, slow));
    return fast;
}
}  // namespace

Macd::Macd(int fast, int slow, int signal)
    : fast_(checked_fast(fast, slow, signal)),
      slow_(slow),
      signal_(signal),
      recent_(static_cast<size_t>(fast)) {}

}  // namespace robo::features
