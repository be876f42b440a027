// data/files/local_clock.hpp — converts exchange-local wall times to UTC Timestamps.
//
// Uses the IANA database through howardhinnant date-tz (the system's tzdata). Across DST:
// a wall time that does not exist (the spring-forward gap, e.g. 02:30 on 2024-03-10 in New
// York) is refused; an ambiguous one (the repeated hour in autumn) takes the earlier
// instant, the first occurrence, as exchanges' own files do.
// Fast: the UTC offset of the last conversion is cached with the period it is valid for,
// so a file's rows cost an addition each; the zone database is consulted only near a
// transition or when a row leaves the cached period.
#pragma once
#include <chrono>
#include <string>
#include <string_view>

#include "robo/core/time.hpp"
#include "robo/data/files/text_scan.hpp"

namespace date {
class time_zone;
}

namespace robo::data {

// Reads the time-zone database's index now. date-tz builds it on first use by walking the
// system's zoneinfo folder (about 800 zones, 2.5-3 ms here), and every thread that needs a
// zone meanwhile waits: a command that will read market data calls this on a spare thread
// while it starts, so the loaders do not wait for it. Errors wait for the first real use,
// which reports them.
void load_time_zone_database() noexcept;

class LocalClock {
public:
    // Throws std::invalid_argument naming the zone when the database does not know it.
    explicit LocalClock(std::string_view zone_name);

    // False when the wall time falls in a DST gap (it never happened in this zone).
    bool to_utc(LocalTime local, Timestamp& out);

    const std::string& zone_name() const noexcept { return name_; }

private:
    const date::time_zone* zone_;
    std::string name_;
    bool cached_ = false;
    // The cached offset is trusted for UTC instants in [safe_begin_, safe_end_): its period
    // shrunk by a day on each side, so no wall time there can be ambiguous or missing.
    Timestamp safe_begin_{}, safe_end_{};
    std::chrono::seconds offset_{};
};

}  // namespace robo::data
