// ibkr/client/pacing.hpp — IBKR's pacing rules, kept on the client side so TWS never has
// to enforce them (its enforcement is error 100 and then a disconnect, or 162).
//
// TokenBucket: the outgoing message rate (50/s by default, all message types together).
// HistoricalPacer: historical-data requests — no identical request within 15 s, at most 60
// requests in any 10 minutes, at most 50 open at once. Both take the time as an argument,
// so tests drive them with a fake clock. Neither sleeps: they say when to try again.
// Must never: admit a request that breaks a rule.
#pragma once
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace robo::ibkr {

using SteadyTime = std::chrono::steady_clock::time_point;

class TokenBucket {
public:
    TokenBucket(double rate_per_second, double burst);
    bool try_take(SteadyTime now);
    // How long until a token is available (zero when one is available now).
    std::chrono::nanoseconds wait(SteadyTime now);
    double rate() const noexcept { return rate_; }

private:
    void refill(SteadyTime now);
    double rate_, burst_, tokens_;
    std::optional<SteadyTime> last_;
};

struct PacingRules {
    std::chrono::milliseconds identical_window{15'000};
    int max_in_window = 60;
    std::chrono::milliseconds window{600'000};
    int max_open = 50;
};

class HistoricalPacer {
public:
    explicit HistoricalPacer(PacingRules rules = {}) : rules_(rules) {}
    // When the request with this fingerprint may be sent: nullopt means now (and records it
    // as sent and open); otherwise the earliest time to ask again. When the limit on open
    // requests is what blocks, the time is `now` + 1 s (completion frees a slot sooner).
    std::optional<SteadyTime> admit(const std::string& fingerprint, SteadyTime now);
    void completed() noexcept {
        if (open_ > 0) --open_;
    }
    int open() const noexcept { return open_; }
    void reset_open() noexcept { open_ = 0; }  // a closed socket ends every request

private:
    PacingRules rules_;
    std::map<std::string, SteadyTime> last_;
    std::deque<SteadyTime> sent_;
    int open_ = 0;
};

}  // namespace robo::ibkr
