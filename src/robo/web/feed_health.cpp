// web/feed_health.cpp — see feed_health.hpp.
#include "robo/web/feed_health.hpp"

namespace robo::web {

void FeedHealth::on_message(Timestamp now, Timestamp event_time) noexcept {
    ++messages;
    last_update = now;
    if (event_time > last_event_time) last_event_time = event_time;
    if (window_count_ == 0 && window_start_ == Timestamp{}) window_start_ = now;
    ++window_count_;
    const auto elapsed = now - window_start_;
    if (elapsed >= std::chrono::seconds(1)) {
        // One smoothing step per elapsed window; quiet windows pull the rate down.
        const double per_second =
            static_cast<double>(window_count_) / std::chrono::duration<double>(elapsed).count();
        message_rate = message_rate == 0 ? per_second : 0.7 * message_rate + 0.3 * per_second;
        window_start_ = now;
        window_count_ = 0;
    }
}

}  // namespace robo::web
