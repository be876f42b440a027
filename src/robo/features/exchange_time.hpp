// features/exchange_time.hpp — New York exchange time for bar alignment and sessions.
//
// Converts UTC Timestamps to America/New_York wall time with howardhinnant date-tz (the
// system tzdata), so bars stay aligned to exchange time across daylight-saving changes. The
// zone lookup is cached per UTC-offset period, so the per-tick cost is a compare.
// Session hours come from a callback: nyse_session_hours() asks the exchange calendar
// (data/calendar: holidays, 13:00 early closes); regular_session_hours is the calendar-free
// weekdays 09:30-16:00; tests plug in their own.
// Not thread-safe (the cache mutates): one instance per event-loop thread or builder.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "robo/core/time.hpp"

namespace date {
class time_zone;
}

namespace robo::features {

// A trading day's regular session, in minutes after local midnight.
struct SessionHours {
    int open_minute = 9 * 60 + 30;
    int close_minute = 16 * 60;
};

// New York calendar day, as days since 1970-01-01 (also the `session` id of Ohlcv).
using LocalDay = int32_t;

// Returns the session of a New York calendar day, or nullopt when the market is closed.
using SessionHoursFn = std::function<std::optional<SessionHours>(LocalDay day)>;

// Weekdays 09:30-16:00, weekends closed; knows no holidays.
std::optional<SessionHours> regular_session_hours(LocalDay day);
// The NYSE calendar's regular session (closed on holidays, 13:00 on early-close days);
// closed outside the calendar's 1990-2099 range.
SessionHoursFn nyse_session_hours();

class ExchangeClock {
public:
    ExchangeClock();  // throws std::runtime_error when tzdata has no America/New_York

    // UTC offset of New York at `t` (negative: -5 h or -4 h).
    std::chrono::seconds offset(Timestamp t) {
        const auto s = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
        if (s < begin_ || s >= end_) refresh(s);
        return std::chrono::seconds(offset_);
    }
    // Nanoseconds since 1970-01-01 00:00 New York wall time.
    int64_t local_nanos(Timestamp t) { return unix_nanos(t) + offset(t).count() * 1'000'000'000LL; }
    LocalDay local_day(Timestamp t) {
        const int64_t ns = local_nanos(t);
        constexpr int64_t kDay = 86'400'000'000'000LL;
        return static_cast<LocalDay>(ns >= 0 ? ns / kDay : (ns - kDay + 1) / kDay);
    }
    // The UTC instant of `minute` minutes after midnight of New York day `day` (the earlier
    // instant when the wall time is ambiguous, the transition when it does not exist).
    Timestamp utc_of(LocalDay day, int minute) const;

private:
    void refresh(int64_t unix_seconds);
    const date::time_zone* zone_;
    int64_t begin_ = 0, end_ = 0, offset_ = 0;
};

}  // namespace robo::features
