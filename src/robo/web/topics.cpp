#include "robo/web/topics.hpp"

namespace robo::web {

std::string_view to_string(Topic t) noexcept {
    switch (t) {
        case Topic::quotes:
            return "quotes";
        case Topic::bars:
            return "bars";
        case Topic::features:
            return "features";
        case Topic::signals:
            return "signals";
        case Topic::orders:
            return "orders";
        case Topic::fills:
            return "fills";
        case Topic::positions:
            return "positions";
        case Topic::risk:
            return "risk";
        case Topic::health:
            return "health";
        case Topic::equity:
            return "equity";
    }
    return "?";
}

std::optional<Topic> parse_topic(std::string_view text) noexcept {
    for (Topic t : kAllTopics)
        if (to_string(t) == text) return t;
    return std::nullopt;
}

bool is_state_topic(Topic t) noexcept {
    switch (t) {
        case Topic::quotes:
        case Topic::bars:
        case Topic::features:
        case Topic::positions:
        case Topic::risk:
        case Topic::health:
            return true;
        default:
            return false;
    }
}

}  // namespace robo::web
