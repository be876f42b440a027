// web/alert_throttle.hpp — keeps a storm of alike alerts from flooding the webhook.
//
// Alerts are grouped by a key (kind plus what it is about: "limit_breached:position_size",
// "feed_stalled:AAPL"). The first alert of a key goes out at once; later ones of that key
// within `min_interval` are held back and counted, and the next one that goes out says how
// many were held back before it. On top, at most `max_per_minute` alerts of any key go out
// per rolling minute. Nothing is dropped silently: take_held() hands over the keys still
// holding alerts back (for a closing summary). Wall-clock (steady) time, injectable for
// tests. Not thread-safe: one owner thread.
#pragma once
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace robo::web {

struct ThrottleOptions {
    std::chrono::milliseconds min_interval{std::chrono::seconds(60)};
    int max_per_minute = 30;
};

class AlertThrottle {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    explicit AlertThrottle(ThrottleOptions options = {}, Clock clock = std::chrono::steady_clock::now)
        : options_(options), clock_(std::move(clock)) {}

    struct Decision {
        bool send = false;
        uint64_t held_back = 0;  // alerts of this key held back since the last one sent
    };
    Decision admit(const std::string& key);

    // Keys with alerts held back since their last send, and how many; clears them.
    std::vector<std::pair<std::string, uint64_t>> take_held();
    uint64_t held_back_total() const noexcept { return held_total_; }

private:
    struct KeyState {
        std::chrono::steady_clock::time_point last_sent{};
        bool ever_sent = false;
        uint64_t held = 0;
    };
    ThrottleOptions options_;
    Clock clock_;
    std::unordered_map<std::string, KeyState> keys_;
    std::deque<std::chrono::steady_clock::time_point> sent_;  // within the last minute
    uint64_t held_total_ = 0;
};

}  // namespace robo::web
