// Bars on several timeframes from ticks and 1-minute bars, aligned to New York time.
#include <gtest/gtest.h>

#include <map>

#include "robo/data/files/readers.hpp"
#include "robo/features/bar_builder.hpp"
#include "support/paths.hpp"

namespace robo::features {
namespace {

const Symbol kSym{"SPY"};

// New York wall time -> UTC, from the offsets in force (EST -5 h, EDT -4 h).
Timestamp ny(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0, bool summer = false) {
    return from_civil(y, m, d, hh, mm, ss) + std::chrono::hours(summer ? 4 : 5);
}
Tick trade(Timestamp t, const char* price, const char* size = "100") {
    return Tick{kSym, t, Price::parse(price), Quantity::parse(size)};
}
Bar minute_bar(Timestamp t, const char* o, const char* h, const char* l, const char* c, const char* v) {
    return Bar{kSym,
               Timeframe::m1,
               t,
               Price::parse(o),
               Price::parse(h),
               Price::parse(l),
               Price::parse(c),
               Quantity::parse(v),
               false};
}

struct Collected {
    std::vector<Bar> all;
    std::vector<Bar> of(Timeframe tf) const {
        std::vector<Bar> out;
        for (const auto& b : all)
            if (b.timeframe == tf) out.push_back(b);
        return out;
    }
};

BarBuilder builder(Collected& sink, std::vector<Timeframe> tfs, bool empty_bars = false,
                   SessionHoursFn hours = regular_session_hours) {
    BarBuilderConfig cfg;
    cfg.timeframes = std::move(tfs);
    cfg.emit_empty_bars = empty_bars;
    cfg.session_hours = std::move(hours);
    return BarBuilder(kSym, cfg, [&sink](const Bar& b) { sink.all.push_back(b); });
}

TEST(BarBuilder, FiveOneMinuteBarsMakeOneFiveMinuteBarWithTheirOhlcv) {
    Collected got;
    auto b = builder(got, {Timeframe::m1, Timeframe::m5});
    const char* closes[] = {"10.10", "10.30", "9.90", "10.00", "10.20", "10.25"};
    for (int i = 0; i < 6; ++i)
        b.add_bar(minute_bar(ny(2021, 3, 10, 9, 30 + i), "10.00", "10.50", "9.80", closes[i], "100"));
    const auto five = got.of(Timeframe::m5);
    ASSERT_EQ(five.size(), 1u);  // 09:30-09:35 closed by the 09:35 bar; 09:35 still open
    EXPECT_EQ(five[0].start, ny(2021, 3, 10, 9, 30));
    EXPECT_EQ(five[0].open, Price::parse("10.00"));
    EXPECT_EQ(five[0].high, Price::parse("10.50"));
    EXPECT_EQ(five[0].low, Price::parse("9.80"));
    EXPECT_EQ(five[0].close, Price::parse("10.20"));
    EXPECT_EQ(five[0].volume, Quantity::parse("500"));
    EXPECT_FALSE(five[0].partial);
    EXPECT_EQ(got.of(Timeframe::m1).size(), 5u);
}

TEST(BarBuilder, HourBarsFollowTheNewYorkClockOnBothSidesOfDaylightSaving) {
    Collected got;
    auto b = builder(got, {Timeframe::h1});
    b.add_tick(trade(ny(2021, 3, 12, 10, 15), "10"));                      // Friday, EST
    b.add_tick(trade(ny(2021, 3, 15, 10, 15, 0, /*summer=*/true), "11"));  // Monday, EDT
    b.flush();
    ASSERT_EQ(got.all.size(), 2u);
    EXPECT_EQ(got.all[0].start, from_civil(2021, 3, 12, 15, 0));  // 10:00 EST = 15:00 UTC
    EXPECT_EQ(got.all[1].start, from_civil(2021, 3, 15, 14, 0));  // 10:00 EDT = 14:00 UTC
}

TEST(BarBuilder, DayBarsRunFromNewYorkMidnightAcrossTheShortSpringDay) {
    Collected got;
    auto b = builder(got, {Timeframe::day});
    b.add_tick(trade(from_civil(2021, 3, 14, 4, 59), "10"));  // 23:59 EST on Saturday the 13th
    b.add_tick(trade(from_civil(2021, 3, 14, 5, 0), "11"));   // 00:00 EST on Sunday the 14th (23-hour day)
    b.add_tick(trade(from_civil(2021, 3, 15, 4, 0), "12"));   // 00:00 EDT on Monday the 15th
    b.flush();
    ASSERT_EQ(got.all.size(), 3u);
    EXPECT_EQ(got.all[0].start, from_civil(2021, 3, 13, 5, 0));
    EXPECT_EQ(got.all[1].start, from_civil(2021, 3, 14, 5, 0));
    EXPECT_EQ(got.all[2].start, from_civil(2021, 3, 15, 4, 0));
    EXPECT_EQ(got.all[1].close, Price::parse("11"));
}

TEST(BarBuilder, SessionBarHoldsOnlyTheRegularSession) {
    Collected got;
    auto b = builder(got, {Timeframe::day, Timeframe::session});
    b.add_tick(trade(ny(2021, 3, 10, 8, 0), "50"));   // pre-market
    b.add_tick(trade(ny(2021, 3, 10, 9, 30), "10"));  // the open
    b.add_tick(trade(ny(2021, 3, 10, 15, 59, 59), "12"));
    b.add_tick(trade(ny(2021, 3, 10, 16, 0), "40"));  // after the close: closes the session bar
    b.flush();
    const auto session = got.of(Timeframe::session);
    ASSERT_EQ(session.size(), 1u);
    EXPECT_EQ(session[0].start, ny(2021, 3, 10, 9, 30));
    EXPECT_EQ(session[0].open, Price::parse("10"));
    EXPECT_EQ(session[0].high, Price::parse("12"));
    EXPECT_EQ(session[0].close, Price::parse("12"));
    EXPECT_EQ(session[0].volume, Quantity::parse("200"));
    EXPECT_FALSE(session[0].partial);
    const auto day = got.of(Timeframe::day);
    ASSERT_EQ(day.size(), 1u);
    EXPECT_EQ(day[0].high, Price::parse("50"));  // the day bar has extended hours too
    EXPECT_TRUE(day[0].partial);                 // data stopped before New York midnight
}

TEST(BarBuilder, EarlyCloseFromTheCalendarCallbackEndsTheSessionBar) {
    Collected got;
    const LocalDay black_friday = 18957;  // 2021-11-26
    auto b = builder(got, {Timeframe::session}, false, [&](LocalDay d) -> std::optional<SessionHours> {
        if (d == black_friday) return SessionHours{9 * 60 + 30, 13 * 60};
        return regular_session_hours(d);
    });
    b.add_tick(trade(ny(2021, 11, 26, 12, 59), "10"));
    b.add_tick(trade(ny(2021, 11, 26, 13, 30), "99"));  // after the early close: not in the session bar
    ASSERT_EQ(got.all.size(), 1u);
    EXPECT_EQ(got.all[0].close, Price::parse("10"));
}

TEST(BarBuilder, AdvanceToClosesBarsWhoseIntervalEndedEvenWithoutANewTrade) {
    Collected got;
    auto b = builder(got, {Timeframe::m1, Timeframe::m5});
    b.add_tick(trade(ny(2021, 3, 10, 9, 31, 10), "10"));
    b.advance_to(ny(2021, 3, 10, 9, 31, 59));
    EXPECT_TRUE(got.all.empty());
    b.advance_to(ny(2021, 3, 10, 9, 32));
    ASSERT_EQ(got.all.size(), 1u);
    EXPECT_EQ(got.all[0].timeframe, Timeframe::m1);
    EXPECT_FALSE(got.all[0].partial);
}

TEST(BarBuilder, InProgressBarsAreMarkedPartial) {
    Collected got;
    auto b = builder(got, {Timeframe::m1, Timeframe::m5});
    b.add_tick(trade(ny(2021, 3, 10, 9, 31, 10), "10"));
    const auto open = b.partial_bars();
    ASSERT_EQ(open.size(), 2u);
    EXPECT_TRUE(open[0].partial && open[1].partial);
    b.flush();
    ASSERT_EQ(got.all.size(), 2u);
    EXPECT_TRUE(got.all[0].partial && got.all[1].partial);
}

TEST(BarBuilder, MinuteBarsThatCoverTheWholeIntervalGiveACompleteBarAtFlush) {
    Collected got;
    auto b = builder(got, {Timeframe::m5});
    for (int i = 0; i < 5; ++i) b.add_bar(minute_bar(ny(2021, 3, 10, 9, 30 + i), "10", "11", "9", "10", "1"));
    b.flush();
    ASSERT_EQ(got.all.size(), 1u);
    EXPECT_FALSE(got.all[0].partial);
}

TEST(BarBuilder, QuietPeriodsMakeNoBarsUnlessConfigured) {
    for (bool fill : {false, true}) {
        Collected got;
        auto b = builder(got, {Timeframe::m5}, fill);
        b.add_tick(trade(ny(2021, 3, 10, 9, 31), "10"));
        b.add_tick(trade(ny(2021, 3, 10, 9, 52), "11"));  // 09:35, 09:40, 09:45 are quiet
        b.add_tick(trade(ny(2021, 3, 11, 9, 31), "12"));  // overnight: never filled
        const auto bars = got.of(Timeframe::m5);
        if (!fill) {
            ASSERT_EQ(bars.size(), 2u);
            continue;
        }
        ASSERT_EQ(bars.size(), 5u);
        EXPECT_EQ(bars[1].start, ny(2021, 3, 10, 9, 35));
        EXPECT_EQ(bars[1].close, Price::parse("10"));
        EXPECT_EQ(bars[1].volume, Quantity{});
        EXPECT_EQ(bars[3].start, ny(2021, 3, 10, 9, 45));
        EXPECT_EQ(bars[4].start, ny(2021, 3, 10, 9, 50));
        EXPECT_EQ(bars[4].close, Price::parse("11"));
    }
}

TEST(BarBuilder, EveryTimeframeAtOnceFromTicks) {
    Collected got;
    auto b = builder(got, BarBuilderConfig{}.timeframes);
    for (int s = 0; s < 7200; s += 2)
        b.add_tick(trade(ny(2021, 3, 10, 9, 30) + std::chrono::seconds(s), "10", "1"));
    b.advance_to(ny(2021, 3, 11, 0, 0));
    EXPECT_EQ(got.of(Timeframe::s1).size(), 3600u);
    EXPECT_EQ(got.of(Timeframe::s5).size(), 1440u);
    EXPECT_EQ(got.of(Timeframe::m1).size(), 120u);
    EXPECT_EQ(got.of(Timeframe::m5).size(), 24u);
    EXPECT_EQ(got.of(Timeframe::m15).size(), 8u);
    EXPECT_EQ(got.of(Timeframe::m30).size(), 4u);
    EXPECT_EQ(got.of(Timeframe::h1).size(), 3u);  // 09:00-10:00 (from 09:30), 10:00, 11:00-12:00 (to 11:30)
    ASSERT_EQ(got.of(Timeframe::day).size(), 1u);
    EXPECT_EQ(got.of(Timeframe::day)[0].volume, Quantity::parse("3600"));
    EXPECT_EQ(got.of(Timeframe::session).size(), 1u);
}

TEST(BarBuilder, RefusesOutOfOrderForeignAndImpossibleInputsAndChangesNothing) {
    Collected got;
    auto b = builder(got, {Timeframe::m1});
    b.add_tick(trade(ny(2021, 3, 10, 9, 31, 30), "10"));
    EXPECT_THROW(b.add_tick(trade(ny(2021, 3, 10, 9, 31, 29), "10")), std::invalid_argument);
    EXPECT_THROW(b.add_tick(Tick{Symbol("QQQ"), ny(2021, 3, 10, 9, 31, 40), Price::parse("1"), Quantity{}}),
                 std::invalid_argument);
    EXPECT_THROW(b.add_tick(trade(ny(2021, 3, 10, 9, 31, 40), "0")), std::invalid_argument);
    EXPECT_THROW(b.add_bar(minute_bar(ny(2021, 3, 10, 9, 32), "10", "9", "11", "10", "1")),
                 std::invalid_argument);
    b.flush();
    ASSERT_EQ(got.all.size(), 1u);
    EXPECT_EQ(got.all[0].volume, Quantity::parse("100"));
}

TEST(BarBuilder, MinuteBarsCannotMakeSecondBars) {
    Collected got;
    auto b = builder(got, {Timeframe::s5, Timeframe::m5});
    try {
        b.add_bar(minute_bar(ny(2021, 3, 10, 9, 30), "10", "11", "9", "10", "1"));
        FAIL() << "accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("cannot make 5s bars"), std::string::npos) << e.what();
    }
}

// The shared tick file: every trade lands in exactly one bar of each timeframe, so volumes
// add up, and 1-minute bars are one per distinct minute.
TEST(BarBuilder, RealTicksKeepEveryTradesVolumeOnEveryTimeframe) {
    ROBO_REQUIRE_SHARED_DATA();
    const auto file = data::read_tick_file(test::shared_data_dir() / "intraday" / "ticksample.csv",
                                           data::ReadOptions{Symbol("SPY")});
    ASSERT_GT(file.ticks.size(), 100u);
    Collected got;
    auto b = builder(got, {Timeframe::s1, Timeframe::m1, Timeframe::m5, Timeframe::day});
    Quantity total{};
    std::map<int64_t, int> minutes;
    for (const Tick& t : file.ticks) {
        b.add_tick(t);
        total = total + t.size;
        minutes[unix_nanos(t.time) / 60'000'000'000LL] = 1;
    }
    b.flush();
    for (Timeframe tf : {Timeframe::s1, Timeframe::m1, Timeframe::m5, Timeframe::day}) {
        Quantity sum{};
        for (const auto& bar : got.of(tf)) sum = sum + bar.volume;
        EXPECT_EQ(sum, total) << to_string(tf);
    }
    EXPECT_EQ(got.of(Timeframe::m1).size(), minutes.size());
}

}  // namespace
}  // namespace robo::features

namespace robo::features {
namespace {

TEST(BarBuilderCalendar, DefaultNyseCalendarEndsTheSessionAtTheEarlyCloseAndSkipsHolidays) {
    std::vector<Bar> got;
    BarBuilderConfig cfg;
    cfg.timeframes = {Timeframe::session};
    BarBuilder b(Symbol("SPY"), cfg, [&](const Bar& bar) { got.push_back(bar); });
    const auto ny_est = [](unsigned m, unsigned d, int hh, int mm) {
        return from_civil(2021, m, d, hh, mm) + std::chrono::hours(5);
    };
    b.add_tick(Tick{Symbol("SPY"), ny_est(11, 26, 12, 59), Price::parse("10"), Quantity::from_units(1)});
    b.add_tick(
        Tick{Symbol("SPY"), ny_est(11, 26, 13, 0), Price::parse("99"), Quantity::from_units(1)});  // closed
    b.add_tick(
        Tick{Symbol("SPY"), ny_est(12, 24, 10, 0), Price::parse("50"), Quantity::from_units(1)});  // holiday
    b.flush();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].close, Price::parse("10"));
    EXPECT_EQ(got[0].start, ny_est(11, 26, 9, 30));
}

}  // namespace
}  // namespace robo::features
