// data/calendar.cpp — builds the per-day NYSE table from holiday rules, one-off closures and
// the America/New_York zone (howardhinnant date-tz, the OS tz database).
#include "robo/data/calendar.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace robo::data {
namespace {

using namespace std::chrono;

// Index 0 means "no holiday"; ExchangeCalendar::DayInfo::holiday indexes this table.
enum HolidayId : uint8_t {
    none,
    new_year,
    new_year_observed,
    mlk,
    washington,
    good_friday,
    memorial,
    juneteenth,
    juneteenth_observed,
    independence,
    independence_observed,
    labor,
    thanksgiving,
    christmas,
    christmas_observed,
    sept11,
    nixon,
    reagan,
    ford,
    sandy,
    bush,
    carter,
    holiday_count
};

constexpr std::array<std::string_view, holiday_count> holiday_names = {
    "",
    "New Year's Day",
    "New Year's Day (observed)",
    "Martin Luther King Jr. Day",
    "Washington's Birthday",
    "Good Friday",
    "Memorial Day",
    "Juneteenth",
    "Juneteenth (observed)",
    "Independence Day",
    "Independence Day (observed)",
    "Labor Day",
    "Thanksgiving Day",
    "Christmas Day",
    "Christmas Day (observed)",
    "September 11 attacks",
    "National Day of Mourning for Richard Nixon",
    "National Day of Mourning for Ronald Reagan",
    "National Day of Mourning for Gerald Ford",
    "Hurricane Sandy",
    "National Day of Mourning for George H. W. Bush",
    "National Day of Mourning for Jimmy Carter",
};

struct OneOff {
    year_month_day day;
    HolidayId id;
};

// Unscheduled full-day closures (NYSE "Closings" history).
constexpr std::array<OneOff, 11> one_off_closures = {{
    {1994y / 4 / 27, nixon},
    {2001y / 9 / 11, sept11},
    {2001y / 9 / 12, sept11},
    {2001y / 9 / 13, sept11},
    {2001y / 9 / 14, sept11},
    {2004y / 6 / 11, reagan},
    {2007y / 1 / 2, ford},
    {2012y / 10 / 29, sandy},
    {2012y / 10 / 30, sandy},
    {2018y / 12 / 5, bush},
    {2025y / 1 / 9, carter},
}};

// Gregorian Easter Sunday (Meeus/Jones/Butcher).
year_month_day easter_sunday(int y) {
    const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return year{y} / month / day;
}

sys_days nth_weekday(int y, unsigned m, weekday wd, unsigned n) {
    return sys_days{year{y} / month{m} / wd[n]};
}

sys_days last_weekday(int y, unsigned m, weekday wd) { return sys_days{year{y} / month{m} / wd[last]}; }

// A fixed-date holiday on a Saturday is observed the Friday before, on a Sunday the Monday
// after. Returns the observed day and whether it moved.
std::pair<sys_days, bool> observed(sys_days d) {
    const weekday wd{d};
    if (wd == Saturday) return {d - days{1}, true};
    if (wd == Sunday) return {d + days{1}, true};
    return {d, false};
}

}  // namespace

ExchangeCalendar::ExchangeCalendar() : first_day_(sys_days{year{first_year} / January / 1}) {
    const sys_days end{year{last_year} / December / 31};
    days_.resize(static_cast<size_t>((end - first_day_).count()) + 1);

    auto set_holiday = [&](sys_days d, HolidayId id) {
        if (d < first_day_ || d > end) return;  // an observed day can spill past the range
        auto& di = days_[static_cast<size_t>((d - first_day_).count())];
        di.kind = Kind::holiday;
        di.holiday = id;
    };
    auto set_early = [&](sys_days d) {
        if (d < first_day_ || d > end) return;
        auto& di = days_[static_cast<size_t>((d - first_day_).count())];
        if (di.kind == Kind::full) di.kind = Kind::early;
    };

    const auto* ny = date::locate_zone("America/New_York");
    // The zone's answer holds until its `end`: asked again only then (twice a year), not for
    // each of the 40,000 days (a search of the zone's rules each time: several ms at start).
    date::sys_info zone_info{};
    zone_info.end = date::sys_seconds::min();
    for (sys_days d = first_day_; d <= end; d += days{1}) {
        auto& di = days_[static_cast<size_t>((d - first_day_).count())];
        const weekday wd{d};
        di.kind = (wd == Saturday || wd == Sunday) ? Kind::weekend : Kind::full;
        // DST switches at 02:00 local on a Sunday, so 16:00 UTC (11:00 or 12:00 in New York)
        // carries the offset that holds from 04:00 to 20:00 local on that day.
        const auto probe = date::sys_seconds{seconds{(d.time_since_epoch() + hours{16}) / seconds{1}}};
        if (probe >= zone_info.end || probe < zone_info.begin) zone_info = ny->get_info(probe);
        di.utc_offset_min = static_cast<int16_t>(duration_cast<minutes>(zone_info.offset).count());
    }

    for (int y = first_year; y <= last_year; ++y) {
        // New Year's Day: a Sunday moves to Monday; a Saturday is not observed at all
        // (NYSE rule: the Friday before closes a fiscal year and stays open).
        const sys_days ny_day{year{y} / January / 1};
        if (weekday{ny_day} == Sunday)
            set_holiday(ny_day + days{1}, new_year_observed);
        else if (weekday{ny_day} != Saturday)
            set_holiday(ny_day, new_year);

        if (y >= 1998) set_holiday(nth_weekday(y, 1, Monday, 3), mlk);
        set_holiday(nth_weekday(y, 2, Monday, 3), washington);
        set_holiday(sys_days{easter_sunday(y)} - days{2}, good_friday);
        set_holiday(last_weekday(y, 5, Monday), memorial);
        if (y >= 2022) {
            auto [d, moved] = observed(sys_days{year{y} / June / 19});
            set_holiday(d, moved ? juneteenth_observed : juneteenth);
        }
        const sys_days july4{year{y} / July / 4};
        {
            auto [d, moved] = observed(july4);
            set_holiday(d, moved ? independence_observed : independence);
        }
        set_holiday(nth_weekday(y, 9, Monday, 1), labor);
        const sys_days thanks = nth_weekday(y, 11, Thursday, 4);
        set_holiday(thanks, thanksgiving);
        const sys_days xmas{year{y} / December / 25};
        {
            auto [d, moved] = observed(xmas);
            set_holiday(d, moved ? christmas_observed : christmas);
        }

        // Early closes (13:00). set_early only shortens an otherwise full trading day.
        if (y >= 1993) {
            set_early(thanks + days{1});
            const sys_days eve = xmas - days{1};
            const weekday ewd{eve};
            if (ewd != Friday && ewd != Saturday && ewd != Sunday) set_early(eve);
        }
        if (y >= 1995) {
            const sys_days july3 = july4 - days{1};
            const weekday j3{july3};
            if (j3 == Monday || j3 == Tuesday || j3 == Thursday) set_early(july3);
            if (j3 == Wednesday && y >= 2013) set_early(july3);
            // Before 2013 a Thursday July 4 made Friday July 5 the short day instead.
            if (j3 == Wednesday && y >= 1996 && y < 2013) set_early(july4 + days{1});
        }
    }
    for (const auto& c : one_off_closures) set_holiday(sys_days{c.day}, c.id);
    trading_days_before_.resize(days_.size() + 1, 0);
    for (size_t i = 0; i < days_.size(); ++i)
        trading_days_before_[i + 1] =
            trading_days_before_[i] + (days_[i].kind == Kind::full || days_[i].kind == Kind::early);
}

int64_t ExchangeCalendar::trading_days_between(sys_days after, sys_days before) const noexcept {
    // Table indexes, clamped to the table: [lo, hi) are the days strictly between.
    const int64_t n = static_cast<int64_t>(days_.size());
    const int64_t lo = std::clamp<int64_t>((after - first_day_).count() + 1, 0, n);
    const int64_t hi = std::clamp<int64_t>((before - first_day_).count(), 0, n);
    if (hi <= lo) return 0;
    return int64_t(trading_days_before_[size_t(hi)]) - int64_t(trading_days_before_[size_t(lo)]);
}

const ExchangeCalendar& ExchangeCalendar::nyse() {
    static const ExchangeCalendar calendar;
    return calendar;
}

const ExchangeCalendar::DayInfo* ExchangeCalendar::info(sys_days day) const noexcept {
    if (day < first_day_) return nullptr;
    const auto i = static_cast<size_t>((day - first_day_).count());
    return i < days_.size() ? &days_[i] : nullptr;
}

bool ExchangeCalendar::covers(year_month_day day) const noexcept {
    return day.ok() && info(sys_days{day}) != nullptr;
}

bool ExchangeCalendar::is_trading_day(year_month_day day) const noexcept {
    if (!day.ok()) return false;
    const auto* di = info(sys_days{day});
    return di && (di->kind == Kind::full || di->kind == Kind::early);
}

bool ExchangeCalendar::is_early_close(year_month_day day) const noexcept {
    if (!day.ok()) return false;
    const auto* di = info(sys_days{day});
    return di && di->kind == Kind::early;
}

std::string_view ExchangeCalendar::holiday_name(year_month_day day) const noexcept {
    if (!day.ok()) return {};
    const auto* di = info(sys_days{day});
    return di ? holiday_names[di->holiday] : std::string_view{};
}

std::optional<TradingSession> ExchangeCalendar::session_at(sys_days day, bool extended) const noexcept {
    const auto* di = info(day);
    if (!di || (di->kind != Kind::full && di->kind != Kind::early)) return std::nullopt;
    const bool early = di->kind == Kind::early;
    // Local wall time minus the UTC offset (negative in New York) gives the UTC instant.
    const Timestamp local_midnight_as_utc = Timestamp{day.time_since_epoch()} - minutes{di->utc_offset_min};
    const minutes open = extended ? hours{4} : hours{9} + minutes{30};
    const minutes close = extended ? (early ? hours{17} : hours{20}) : (early ? hours{13} : hours{16});
    return TradingSession{local_midnight_as_utc + open, local_midnight_as_utc + close, early};
}

std::optional<TradingSession> ExchangeCalendar::regular_session(year_month_day day) const noexcept {
    if (!day.ok()) return std::nullopt;
    return session_at(sys_days{day}, false);
}

std::optional<TradingSession> ExchangeCalendar::extended_session(year_month_day day) const noexcept {
    if (!day.ok()) return std::nullopt;
    return session_at(sys_days{day}, true);
}

year_month_day ExchangeCalendar::local_date(Timestamp t) const noexcept {
    const auto utc_day = floor<days>(t);
    const auto* di = info(utc_day);
    // Outside the table use EST; New York is always behind UTC, so the local date is the UTC
    // date or the one before.
    const minutes offset{di ? di->utc_offset_min : -300};
    return year_month_day{floor<days>(t + offset)};
}

bool ExchangeCalendar::is_regular_open(Timestamp t) const noexcept {
    const auto d = sys_days{local_date(t)};
    const auto s = session_at(d, false);
    return s && s->contains(t);
}

bool ExchangeCalendar::is_extended_open(Timestamp t) const noexcept {
    const auto d = sys_days{local_date(t)};
    const auto s = session_at(d, true);
    return s && s->contains(t);
}

std::optional<TradingSession> ExchangeCalendar::next_session(Timestamp t) const noexcept {
    for (auto d = std::max(sys_days{local_date(t)}, first_day_); info(d) != nullptr; d += days{1})
        if (auto s = session_at(d, false); s && s->close > t) return s;
    return std::nullopt;
}

std::optional<TradingSession> ExchangeCalendar::previous_session(Timestamp t) const noexcept {
    for (auto d = std::min(sys_days{local_date(t)}, last_day()); d >= first_day_; d -= days{1})
        if (auto s = session_at(d, false); s && s->close <= t) return s;
    return std::nullopt;
}

std::optional<year_month_day> ExchangeCalendar::next_trading_day(year_month_day day) const noexcept {
    if (!day.ok()) return std::nullopt;
    for (auto d = std::max(sys_days{day} + days{1}, first_day_); info(d) != nullptr; d += days{1})
        if (is_trading_day(year_month_day{d})) return year_month_day{d};
    return std::nullopt;
}

std::optional<year_month_day> ExchangeCalendar::previous_trading_day(year_month_day day) const noexcept {
    if (!day.ok()) return std::nullopt;
    for (auto d = std::min(sys_days{day} - days{1}, last_day()); d >= first_day_; d -= days{1})
        if (is_trading_day(year_month_day{d})) return year_month_day{d};
    return std::nullopt;
}

}  // namespace robo::data
