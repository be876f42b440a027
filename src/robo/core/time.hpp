// core/time.hpp — UTC timestamps in nanoseconds since the Unix epoch.
//
// Timestamp is a std::chrono time point on system_clock (which is UTC without leap
// seconds), at nanosecond precision; Duration is std::chrono::nanoseconds. Exchange-local
// time (America/New_York) is the calendar's business (data/), never implied here.
// Parsing is non-allocating and strict: "2015-01-12", "2015-01-12T20:57:42.146Z",
// "2015-01-12 09:30:00" (taken as UTC; a caller with local times converts them).
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace robo {

using Duration = std::chrono::nanoseconds;
using Timestamp = std::chrono::time_point<std::chrono::system_clock, Duration>;

inline constexpr Timestamp from_unix_nanos(int64_t ns) noexcept { return Timestamp(Duration(ns)); }
inline constexpr int64_t unix_nanos(Timestamp t) noexcept { return t.time_since_epoch().count(); }

// Midnight UTC of a civil date; throws std::invalid_argument on an invalid date.
Timestamp from_civil(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0,
                     int64_t nanos = 0);

// Parses a date "YYYY-MM-DD" or a date-time "YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z]".
// Non-throwing: returns false when the text is not such a time or names an invalid date.
bool try_parse_timestamp(std::string_view text, Timestamp& out) noexcept;
// Throwing form with a message naming the text and the expected shape.
Timestamp parse_timestamp(std::string_view text);

// ISO 8601 in UTC with microseconds: "2015-01-12T20:57:42.146000Z".
std::string format_iso_micros(Timestamp t);
// "2015-01-12".
std::string format_date(Timestamp t);

// The wall clock, for paper and live sessions; backtests use a simulated clock (engine/).
inline Timestamp wall_now() noexcept {
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

}  // namespace robo
