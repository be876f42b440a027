// data/calendar.hpp — the NYSE/NASDAQ trading calendar: which days trade, when the regular
// (09:30-16:00) and extended (04:00-09:30, 16:00-20:00) sessions open and close, as UTC
// instants, in America/New_York time across daylight-saving changes.
//
// Holidays come from rules (Easter for Good Friday, Sunday -> Monday and Saturday -> Friday
// observance, except New Year's Day on a Saturday, which NYSE does not observe on the Friday
// before) plus a table of one-off closures (2001-09-11..14, Reagan 2004, Ford 2007, Sandy
// 2012, Bush 2018, Carter 2025). Early closes at 13:00 (post-market until 17:00): the day
// after Thanksgiving, Christmas Eve on Monday-Thursday, and the day before Independence Day
// (July 3 on Mon/Tue/Thu; on Wed from 2013; before 2013 a Thursday July 4 moved the early
// close to Friday July 5). Verified for 2000-2030; rules cover 1990-2099. Not modelled:
// late openings (moments of silence) and unscheduled mid-day halts.
//
// Everything is precomputed at construction into a per-day table, so queries are a few
// array reads and never touch the time-zone database; a const calendar is safe to share
// between threads. Queries outside the covered range answer "closed" (covers() says so);
// they never throw.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "robo/core/time.hpp"

namespace robo::data {

struct TradingSession {
    Timestamp open;
    Timestamp close;
    bool early_close = false;

    bool contains(Timestamp t) const noexcept { return t >= open && t < close; }
    friend bool operator==(const TradingSession&, const TradingSession&) = default;
};

class ExchangeCalendar {
public:
    static constexpr int first_year = 1990;
    static constexpr int last_year = 2099;

    // The US equities calendar, built once (thread-safe static) and shared.
    static const ExchangeCalendar& nyse();
    // NASDAQ keeps the same holidays, early closes and session hours as NYSE.
    static const ExchangeCalendar& nasdaq() { return nyse(); }

    bool covers(std::chrono::year_month_day day) const noexcept;
    bool is_trading_day(std::chrono::year_month_day day) const noexcept;
    bool is_early_close(std::chrono::year_month_day day) const noexcept;
    // Name of the closure ("Good Friday", "Juneteenth (observed)", ...); empty for a trading
    // day or a weekend.
    std::string_view holiday_name(std::chrono::year_month_day day) const noexcept;

    // 09:30-16:00 New York (13:00 on early-close days); nullopt when the market is closed.
    std::optional<TradingSession> regular_session(std::chrono::year_month_day day) const noexcept;
    // 04:00-20:00 New York (04:00-17:00 on early-close days): pre-market, regular and
    // post-market together. early_close mirrors the regular session's.
    std::optional<TradingSession> extended_session(std::chrono::year_month_day day) const noexcept;

    bool is_regular_open(Timestamp t) const noexcept;
    bool is_extended_open(Timestamp t) const noexcept;

    // The regular session in progress at `t`, or else the next one to open; nullopt past the
    // covered range.
    std::optional<TradingSession> next_session(Timestamp t) const noexcept;
    // The last regular session that closed at or before `t`.
    std::optional<TradingSession> previous_session(Timestamp t) const noexcept;

    // New York civil date of an instant.
    std::chrono::year_month_day local_date(Timestamp t) const noexcept;
    // Next / previous trading day strictly after / before `day` (nullopt past the range).
    std::optional<std::chrono::year_month_day> next_trading_day(
        std::chrono::year_month_day day) const noexcept;
    std::optional<std::chrono::year_month_day> previous_trading_day(
        std::chrono::year_month_day day) const noexcept;

    // How many trading days lie strictly after `after` and strictly before `before`, counting
    // only the covered range (0 when before <= after + 1). Two reads of a running count: the
    // quality gate asks it for every daily bar.
    int64_t trading_days_between(std::chrono::sys_days after, std::chrono::sys_days before) const noexcept;

private:
    enum class Kind : uint8_t { weekend, holiday, full, early };
    struct DayInfo {
        Kind kind = Kind::weekend;
        uint8_t holiday = 0;         // index into the holiday-name table; 0 = none
        int16_t utc_offset_min = 0;  // New York offset from UTC during the trading day
    };

    ExchangeCalendar();
    const DayInfo* info(std::chrono::sys_days day) const noexcept;
    std::chrono::sys_days last_day() const noexcept {
        return first_day_ + std::chrono::days{static_cast<long>(days_.size()) - 1};
    }
    std::optional<TradingSession> session_at(std::chrono::sys_days day, bool extended) const noexcept;

    std::chrono::sys_days first_day_;
    std::vector<DayInfo> days_;
    std::vector<uint32_t> trading_days_before_;  // [i]: trading days in days_[0, i)
};

}  // namespace robo::data
