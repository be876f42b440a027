#include "robo/data/files/local_clock.hpp"

#include <date/tz.h>

#include <algorithm>
#include <stdexcept>

namespace robo::data {

void load_time_zone_database() noexcept {
    try {
        (void)date::get_tzdb();
    } catch (...) {
    }
}

LocalClock::LocalClock(std::string_view zone_name) : name_(zone_name) {
    try {
        zone_ = date::locate_zone(name_);
    } catch (const std::exception&) {
        throw std::invalid_argument("unknown time zone \"" + name_ +
                                    "\": expected an IANA name such as America/New_York or UTC");
    }
}

bool LocalClock::to_utc(LocalTime local, Timestamp& out) {
    using namespace std::chrono;
    const auto since_epoch = local.time_since_epoch();
    if (cached_) {
        Timestamp candidate{since_epoch - offset_};
        if (candidate >= safe_begin_ && candidate < safe_end_) {
            out = candidate;
            return true;
        }
    }
    auto info = zone_->get_info(date::local_seconds{floor<seconds>(since_epoch)});
    if (info.result == date::local_info::nonexistent) return false;
    const date::sys_info& period = info.first;  // unique, or the earlier of an ambiguous pair
    offset_ = period.offset;
    // Shrink by a day: offsets never change twice within one day. Clamped to what a
    // nanosecond Timestamp can hold (the zone's first and last periods are unbounded).
    constexpr sys_seconds lowest{seconds{-9'000'000'000LL}};  // about 1684
    constexpr sys_seconds highest{seconds{9'000'000'000LL}};  // about 2255
    constexpr auto margin = hours{24};
    safe_begin_ = Timestamp{std::clamp(period.begin, lowest, highest) + margin};
    safe_end_ = Timestamp{std::clamp(period.end, lowest, highest) - margin};
    cached_ = true;
    out = Timestamp{since_epoch - offset_};
    return true;
}

}  // namespace robo::data
