#include "robo/web/alert_throttle.hpp"

#include <algorithm>

namespace robo::web {

AlertThrottle::Decision AlertThrottle::admit(const std::string& key) {
    const auto now = clock_();
    KeyState& k = keys_[key];
    while (!sent_.empty() && now - sent_.front() >= std::chrono::minutes(1)) sent_.pop_front();
    const bool key_quiet = !k.ever_sent || now - k.last_sent >= options_.min_interval;
    const bool budget = static_cast<int>(sent_.size()) < options_.max_per_minute;
    if (!key_quiet || !budget) {
        ++k.held;
        ++held_total_;
        return {false, 0};
    }
    Decision d{true, k.held};
    k.held = 0;
    k.ever_sent = true;
    k.last_sent = now;
    sent_.push_back(now);
    return d;
}

std::vector<std::pair<std::string, uint64_t>> AlertThrottle::take_held() {
    std::vector<std::pair<std::string, uint64_t>> out;
    for (auto& [key, k] : keys_)
        if (k.held > 0) {
            out.emplace_back(key, k.held);
            k.held = 0;
        }
    std::sort(out.begin(), out.end());  // deterministic order for the summary
    return out;
}

}  // namespace robo::web
