// web/topics.hpp — the streams a dashboard or any WebSocket client can subscribe to.
#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace robo::web {

enum class Topic : unsigned char {
    quotes,
    bars,
    features,
    signals,
    orders,
    fills,
    positions,
    risk,
    health,
    equity
};

inline constexpr std::array<Topic, 10> kAllTopics{
    Topic::quotes, Topic::bars,      Topic::features, Topic::signals, Topic::orders,
    Topic::fills,  Topic::positions, Topic::risk,     Topic::health,  Topic::equity};

std::string_view to_string(Topic t) noexcept;
std::optional<Topic> parse_topic(std::string_view text) noexcept;

// Topics whose latest value per symbol is the state (a new client gets it as a snapshot);
// the others are event streams whose recent history is kept instead.
bool is_state_topic(Topic t) noexcept;

}  // namespace robo::web
