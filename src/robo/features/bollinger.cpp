#include "robo/features/bollinger.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace robo::features {

Bollinger::Bollinger(int period, double k) : window_((require_period("BBANDS", period, 2), period)), k_(k) {
    if (!(k > 0 && k < 100))
        throw std::invalid_argument(fmt::format("BBANDS: multiplier k must be in (0, 100), found {}", k));
}

}  // namespace robo::features
