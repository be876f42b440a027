// tests/calendar — the NYSE calendar against published holiday lists, early closes,
// daylight-saving days and the dates present in the real daily data.
#include <gtest/gtest.h>

#include <date/tz.h>

#include <fstream>
#include <random>
#include <set>
#include <string>

#include "robo/data/calendar.hpp"
#include "support/paths.hpp"

namespace robo::data {
namespace {

using namespace std::chrono;

const ExchangeCalendar& nyse() { return ExchangeCalendar::nyse(); }

Timestamp utc(int y, unsigned m, unsigned d, int hh, int mm) { return from_civil(y, m, d, hh, mm); }

int trading_days_in(int y) {
    int n = 0;
    for (sys_days d{year{y} / January / 1}; d <= sys_days{year{y} / December / 31}; d += days{1})
        n += nyse().is_trading_day(year_month_day{d});
    return n;
}

std::set<sys_days> holidays_in(int y) {
    std::set<sys_days> out;
    for (sys_days d{year{y} / January / 1}; d <= sys_days{year{y} / December / 31}; d += days{1})
        if (!nyse().holiday_name(year_month_day{d}).empty()) out.insert(d);
    return out;
}

std::set<sys_days> dates(std::initializer_list<year_month_day> list) {
    std::set<sys_days> out;
    for (auto d : list) out.insert(sys_days{d});
    return out;
}

TEST(Calendar, HolidaysOf2024MatchNysePublishedList) {
    EXPECT_EQ(holidays_in(2024),
              dates({2024y / 1 / 1, 2024y / 1 / 15, 2024y / 2 / 19, 2024y / 3 / 29, 2024y / 5 / 27,
                     2024y / 6 / 19, 2024y / 7 / 4, 2024y / 9 / 2, 2024y / 11 / 28, 2024y / 12 / 25}));
}

TEST(Calendar, HolidaysOf2025IncludeTheCarterDayOfMourning) {
    EXPECT_EQ(holidays_in(2025), dates({2025y / 1 / 1, 2025y / 1 / 9, 2025y / 1 / 20, 2025y / 2 / 17,
                                        2025y / 4 / 18, 2025y / 5 / 26, 2025y / 6 / 19, 2025y / 7 / 4,
                                        2025y / 9 / 1, 2025y / 11 / 27, 2025y / 12 / 25}));
    EXPECT_EQ(nyse().holiday_name(2025y / 1 / 9), "National Day of Mourning for Jimmy Carter");
}

TEST(Calendar, HolidaysOf2027ShiftSaturdayHolidaysToFriday) {
    // Juneteenth and Christmas fall on Saturdays, Independence Day on a Sunday.
    EXPECT_EQ(holidays_in(2027),
              dates({2027y / 1 / 1, 2027y / 1 / 18, 2027y / 2 / 15, 2027y / 3 / 26, 2027y / 5 / 31,
                     2027y / 6 / 18, 2027y / 7 / 5, 2027y / 9 / 6, 2027y / 11 / 25, 2027y / 12 / 24}));
}

TEST(Calendar, JuneteenthIsAHolidayFrom2022AndObservedOnMondayWhenOnSunday) {
    EXPECT_TRUE(nyse().is_trading_day(2021y / 6 / 18));
    EXPECT_FALSE(nyse().is_trading_day(2022y / 6 / 20));
    EXPECT_EQ(nyse().holiday_name(2022y / 6 / 20), "Juneteenth (observed)");
    EXPECT_FALSE(nyse().is_trading_day(2023y / 6 / 19));
}

TEST(Calendar, NewYearOnSaturdayIsNotObservedOnTheFridayBefore) {
    EXPECT_TRUE(nyse().is_trading_day(2021y / 12 / 31));
    EXPECT_TRUE(nyse().is_trading_day(2022y / 1 / 3));
    EXPECT_TRUE(nyse().is_trading_day(2010y / 12 / 31));
    // On a Sunday it moves to Monday.
    EXPECT_FALSE(nyse().is_trading_day(2017y / 1 / 2));
    EXPECT_EQ(nyse().holiday_name(2017y / 1 / 2), "New Year's Day (observed)");
}

TEST(Calendar, GoodFridayFollowsEaster) {
    for (auto d : {2000y / 4 / 21, 2008y / 3 / 21, 2016y / 3 / 25, 2019y / 4 / 19, 2021y / 4 / 2,
                   2022y / 4 / 15, 2023y / 4 / 7, 2024y / 3 / 29, 2030y / 4 / 19}) {
        EXPECT_EQ(nyse().holiday_name(d), "Good Friday") << sys_days{d}.time_since_epoch().count();
        EXPECT_FALSE(nyse().is_trading_day(d));
    }
}

TEST(Calendar, OneOffClosuresAreHolidays) {
    for (auto d : {2001y / 9 / 11, 2001y / 9 / 12, 2001y / 9 / 13, 2001y / 9 / 14, 2004y / 6 / 11,
                   2007y / 1 / 2, 2012y / 10 / 29, 2012y / 10 / 30, 2018y / 12 / 5, 2025y / 1 / 9})
        EXPECT_FALSE(nyse().is_trading_day(d)) << sys_days{d}.time_since_epoch().count();
    EXPECT_TRUE(nyse().is_trading_day(2001y / 9 / 17));
}

TEST(Calendar, TradingDayCountsPerYearMatchTheExchange) {
    EXPECT_EQ(trading_days_in(2001), 248);
    EXPECT_EQ(trading_days_in(2012), 250);
    EXPECT_EQ(trading_days_in(2019), 252);
    EXPECT_EQ(trading_days_in(2020), 253);
    EXPECT_EQ(trading_days_in(2021), 252);
    EXPECT_EQ(trading_days_in(2022), 251);
    EXPECT_EQ(trading_days_in(2023), 250);
    EXPECT_EQ(trading_days_in(2024), 252);
}

// The count the quality gate asks for each daily bar, against walking next_trading_day.
TEST(Calendar, TradingDaysBetweenCountsWhatWalkingTheDaysFinds) {
    auto walked = [](sys_days after, sys_days before) {
        int64_t n = 0;
        auto d = year_month_day{after};
        while (auto next = nyse().next_trading_day(d)) {
            if (sys_days{*next} >= before) break;
            ++n;
            d = *next;
        }
        return n;
    };
    std::vector<std::pair<sys_days, sys_days>> pairs;
    const sys_days first{year{1990} / January / 1}, last{year{2099} / December / 31};
    for (sys_days d : {first - days{400}, first - days{1}, first, first + days{1}, last - days{1}, last,
                       last + days{1}, last + days{300}})
        for (int gap : {-3, -1, 0, 1, 2, 3, 5, 40, 500})
            pairs.emplace_back(d, d + days{gap}), pairs.emplace_back(d - days{gap}, d);
    std::mt19937_64 rng(5);
    for (int i = 0; i < 20'000; ++i) {
        const sys_days a = first - days{30} + days{int(rng() % 40'300)};
        pairs.emplace_back(a, a + days{int(rng() % 12) - 1});  // neighbours, weekends, holidays
        if (i % 20 == 0) pairs.emplace_back(a, a + days{int(rng() % 3'000)});
    }
    for (auto [a, b] : pairs)
        ASSERT_EQ(nyse().trading_days_between(a, b), walked(a, b))
            << a.time_since_epoch().count() << " " << b.time_since_epoch().count();
    EXPECT_EQ(
        nyse().trading_days_between(sys_days{year{2024} / January / 1}, sys_days{year{2025} / January / 1}),
        252);  // every trading day of 2024
}

// Every trading day of the table opens at 09:30 New York as the time-zone database says,
// whichever side of a daylight-saving change it falls on.
TEST(Calendar, EveryTradingDayOpensAt0930NewYorkByTheZoneDatabase) {
    const auto* ny = date::locate_zone("America/New_York");
    int days_checked = 0;
    for (sys_days d{year{1990} / January / 1}; d <= sys_days{year{2099} / December / 31}; d += days{1}) {
        const auto s = nyse().regular_session(year_month_day{d});
        if (!s) continue;
        const auto local_open = date::local_days{d.time_since_epoch()} + hours{9} + minutes{30};
        const auto expected = date::zoned_time<std::chrono::seconds>(ny, local_open).get_sys_time();
        ASSERT_EQ(s->open, Timestamp(expected)) << d.time_since_epoch().count();
        ++days_checked;
    }
    EXPECT_GT(days_checked, 27'000);
}

TEST(Calendar, EarlyClosesEndTheRegularSessionAt1300NewYork) {
    for (auto d : {2019y / 7 / 3, 2020y / 11 / 27, 2024y / 12 / 24, 2024y / 7 / 3, 2013y / 7 / 3,
                   2002y / 7 / 5, 2025y / 11 / 28}) {
        const auto s = nyse().regular_session(d);
        ASSERT_TRUE(s.has_value());
        EXPECT_TRUE(s->early_close);
        EXPECT_EQ(s->close - s->open, hours{3} + minutes{30});
    }
    // 2024-12-24 is in EST: 13:00 New York is 18:00 UTC.
    EXPECT_EQ(nyse().regular_session(2024y / 12 / 24)->close, utc(2024, 12, 24, 18, 0));
    // 2019-07-03 is in EDT: 13:00 New York is 17:00 UTC.
    EXPECT_EQ(nyse().regular_session(2019y / 7 / 3)->close, utc(2019, 7, 3, 17, 0));
}

TEST(Calendar, OrdinaryDaysAroundHolidaysAreFullSessions) {
    // Before 2013 a Thursday July 4 shortened Friday, not Wednesday.
    EXPECT_FALSE(nyse().is_early_close(2002y / 7 / 3));
    EXPECT_FALSE(nyse().is_early_close(2024y / 7 / 5));
    // July 4 on a Monday: the Friday before is a full day.
    EXPECT_FALSE(nyse().is_early_close(2022y / 7 / 1));
    // Christmas Eve on a Friday is the observed holiday, not an early close.
    EXPECT_FALSE(nyse().is_trading_day(2021y / 12 / 24));
}

TEST(Calendar, SessionsOpenAtTheRightUtcInstantAcrossDaylightSaving) {
    // 2024-03-10: clocks spring forward. Friday before opens 14:30 UTC, Monday after 13:30.
    EXPECT_FALSE(nyse().is_trading_day(2024y / 3 / 10));
    EXPECT_EQ(nyse().regular_session(2024y / 3 / 8)->open, utc(2024, 3, 8, 14, 30));
    EXPECT_EQ(nyse().next_session(utc(2024, 3, 10, 12, 0))->open, utc(2024, 3, 11, 13, 30));
    EXPECT_EQ(nyse().regular_session(2024y / 3 / 11)->close, utc(2024, 3, 11, 20, 0));
    // 2024-11-03: clocks fall back. Friday before opens 13:30 UTC, Monday after 14:30.
    EXPECT_EQ(nyse().regular_session(2024y / 11 / 1)->open, utc(2024, 11, 1, 13, 30));
    EXPECT_EQ(nyse().next_session(utc(2024, 11, 3, 12, 0))->open, utc(2024, 11, 4, 14, 30));
    EXPECT_EQ(nyse().regular_session(2024y / 11 / 4)->close, utc(2024, 11, 4, 21, 0));
}

TEST(Calendar, ExtendedSessionRunsFrom0400To2000NewYork) {
    const auto s = nyse().extended_session(2024y / 6 / 3);  // EDT
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->open, utc(2024, 6, 3, 8, 0));
    EXPECT_EQ(s->close, utc(2024, 6, 4, 0, 0));
    EXPECT_EQ(nyse().extended_session(2024y / 11 / 29)->close, utc(2024, 11, 29, 22, 0));  // 17:00 EST
}

TEST(Calendar, OpenQueriesRespectSessionBoundaries) {
    EXPECT_FALSE(nyse().is_regular_open(utc(2024, 6, 3, 13, 29)));
    EXPECT_TRUE(nyse().is_regular_open(utc(2024, 6, 3, 13, 30)));
    EXPECT_TRUE(nyse().is_regular_open(utc(2024, 6, 3, 19, 59)));
    EXPECT_FALSE(nyse().is_regular_open(utc(2024, 6, 3, 20, 0)));
    EXPECT_TRUE(nyse().is_extended_open(utc(2024, 6, 3, 23, 59)));   // 19:59 New York
    EXPECT_FALSE(nyse().is_extended_open(utc(2024, 6, 4, 0, 0)));    // 20:00 New York
    EXPECT_FALSE(nyse().is_extended_open(utc(2024, 6, 8, 15, 0)));   // Saturday
    EXPECT_FALSE(nyse().is_regular_open(utc(2024, 12, 25, 15, 0)));  // Christmas
}

TEST(Calendar, NextSessionDuringASessionIsThatSession) {
    const auto s = nyse().next_session(utc(2024, 6, 3, 15, 0));
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->open, utc(2024, 6, 3, 13, 30));
    // After Friday's close, the next session is Monday's (skipping nothing else).
    EXPECT_EQ(nyse().next_session(utc(2024, 6, 7, 20, 0))->open, utc(2024, 6, 10, 13, 30));
    EXPECT_EQ(nyse().previous_session(utc(2024, 6, 10, 12, 0))->close, utc(2024, 6, 7, 20, 0));
}

TEST(Calendar, LocalDateOfLateEveningUtcIsTheNewYorkDate) {
    EXPECT_EQ(nyse().local_date(utc(2024, 6, 4, 1, 0)), 2024y / 6 / 3);
    EXPECT_EQ(nyse().local_date(utc(2024, 6, 4, 4, 0)), 2024y / 6 / 4);
    EXPECT_EQ(nyse().next_trading_day(2012y / 10 / 26), 2012y / 10 / 31);
    EXPECT_EQ(nyse().previous_trading_day(2001y / 9 / 17), 2001y / 9 / 10);
}

TEST(Calendar, OutsideTheCoveredRangeEverythingIsClosedAndNothingThrows) {
    EXPECT_FALSE(nyse().covers(1989y / 12 / 29));
    EXPECT_FALSE(nyse().is_trading_day(1989y / 12 / 29));
    EXPECT_FALSE(nyse().regular_session(2100y / 1 / 4).has_value());
    EXPECT_FALSE(nyse().next_session(utc(2099, 12, 31, 23, 0)).has_value());
    EXPECT_FALSE(nyse().is_trading_day(year_month_day{2024y / 2 / 30}));
}

// Every row of the real daily histories is a trading day, and between its first and last
// row every trading day has a row: the calendar and the exchange agree day by day.
TEST(Calendar, AgreesDayByDayWithTheRealDailyHistories) {
    ROBO_REQUIRE_SHARED_DATA();
    for (const char* name : {"AAPL.csv", "long-nvda-1999-2014.csv", "long-orcl-1995-2014.csv"}) {
        std::ifstream in(test::shared_data_dir() / "daily" / name);
        ASSERT_TRUE(in) << name;
        std::string line;
        std::getline(in, line);  // header
        std::set<sys_days> rows;
        while (std::getline(in, line)) {
            Timestamp t;
            ASSERT_TRUE(try_parse_timestamp(line.substr(0, 10), t)) << name << ": " << line;
            rows.insert(floor<days>(t));
        }
        ASSERT_GT(rows.size(), 1000u);
        for (auto d : rows)
            EXPECT_TRUE(nyse().is_trading_day(year_month_day{d}))
                << name << " row " << format_date(Timestamp{d});
        for (auto d = *rows.begin(); d <= *rows.rbegin(); d += days{1})
            if (nyse().is_trading_day(year_month_day{d})) {
                EXPECT_TRUE(rows.count(d)) << name << " is missing trading day " << format_date(Timestamp{d});
            }
    }
}

}  // namespace
}  // namespace robo::data
