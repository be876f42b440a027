#include "robo/features/exchange_time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <stdexcept>

#include "robo/data/calendar.hpp"

namespace robo::features {

std::optional<SessionHours> regular_session_hours(LocalDay day) {
    const date::weekday wd{date::sys_days{date::days{day}}};
    if (wd == date::Saturday || wd == date::Sunday) return std::nullopt;
    return SessionHours{};
}

SessionHoursFn nyse_session_hours() {
    const data::ExchangeCalendar& calendar = data::ExchangeCalendar::nyse();
    return [&calendar, clock = ExchangeClock()](LocalDay day) -> std::optional<SessionHours> {
        const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
        const auto session = calendar.regular_session(ymd);
        if (!session) return std::nullopt;
        const Timestamp midnight = clock.utc_of(day, 0);
        auto minutes = [&](Timestamp t) {
            return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(t - midnight).count());
        };
        return SessionHours{minutes(session->open), minutes(session->close)};
    };
}

ExchangeClock::ExchangeClock() {
    try {
        zone_ = date::locate_zone("America/New_York");
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("exchange time: cannot load time zone America/New_York from the "
                                             "system tzdata (install package tzdata): ") +
                                 e.what());
    }
}

void ExchangeClock::refresh(int64_t unix_seconds) {
    const auto info = zone_->get_info(date::sys_seconds{std::chrono::seconds{unix_seconds}});
    begin_ = info.begin.time_since_epoch().count();
    end_ = info.end.time_since_epoch().count();
    offset_ = info.offset.count();
}

Timestamp ExchangeClock::utc_of(LocalDay day, int minute) const {
    const date::local_seconds local{date::local_days{date::days{day}}.time_since_epoch() +
                                    std::chrono::minutes{minute}};
    const auto utc = zone_->to_sys(local, date::choose::earliest);
    return Timestamp(std::chrono::duration_cast<Duration>(utc.time_since_epoch()));
}

}  // namespace robo::features
