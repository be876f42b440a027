// ibkr/client/pacing.cpp — see pacing.hpp.
#include "robo/ibkr/client/pacing.hpp"

#include <algorithm>
#include <stdexcept>

namespace robo::ibkr {

TokenBucket::TokenBucket(double rate_per_second, double burst)
    : rate_(rate_per_second), burst_(std::max(1.0, burst)), tokens_(std::max(1.0, burst)) {
    if (!(rate_per_second > 0))
        throw std::invalid_argument("rate limiter: messages per second must be positive, got " +
                                    std::to_string(rate_per_second));
}

void TokenBucket::refill(SteadyTime now) {
    if (last_ && now > *last_) {
        double dt = std::chrono::duration<double>(now - *last_).count();
        tokens_ = std::min(burst_, tokens_ + dt * rate_);
    }
    if (!last_ || now > *last_) last_ = now;
}

bool TokenBucket::try_take(SteadyTime now) {
    refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
}

std::chrono::nanoseconds TokenBucket::wait(SteadyTime now) {
    refill(now);
    if (tokens_ >= 1.0) return std::chrono::nanoseconds(0);
    return std::chrono::nanoseconds(static_cast<int64_t>((1.0 - tokens_) / rate_ * 1e9) + 1);
}

std::optional<SteadyTime> HistoricalPacer::admit(const std::string& fingerprint, SteadyTime now) {
    SteadyTime earliest = now;
    if (auto it = last_.find(fingerprint); it != last_.end())
        earliest = std::max(earliest, it->second + rules_.identical_window);
    while (!sent_.empty() && sent_.front() + rules_.window <= now) sent_.pop_front();
    if (static_cast<int>(sent_.size()) >= rules_.max_in_window)
        earliest = std::max(
            earliest, sent_[sent_.size() - static_cast<std::size_t>(rules_.max_in_window)] + rules_.window);
    if (open_ >= rules_.max_open) earliest = std::max(earliest, now + std::chrono::seconds(1));
    if (earliest > now) return earliest;
    last_[fingerprint] = now;
    sent_.push_back(now);
    ++open_;
    return std::nullopt;
}

}  // namespace robo::ibkr
