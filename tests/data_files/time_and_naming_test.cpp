// Wall-clock times become UTC in the file's time zone across DST; the timeframe comes from
// the bar spacing; the symbol from the Name column, the options or the file name.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "robo/data/files/local_clock.hpp"

#include "helpers.hpp"

using namespace robo;
using namespace robo::data;
using namespace robo::test;

namespace {
const std::string kIntradayHeader = "Date,Time,Open,High,Low,Close,Volume,OpenInterest\n";

std::string minute_bar(const char* date, const char* time) {
    return std::string(date) + "," + time + ",10,11,9,10.5,100,0\n";
}

ReadOptions with_symbol(const char* s) {
    ReadOptions o;
    o.symbol = Symbol(s);
    return o;
}
}  // namespace

TEST(TimeZone, DailyBarStartsAtMidnightNewYorkInWinterAndSummer) {
    std::string text =
        "Date,Open,High,Low,Close,Adj Close,Volume\n"
        "2015-01-12,10,11,9,10.5,10.5,100\n"
        "2015-07-01,10,11,9,10.5,10.5,100\n";
    auto f = read_bar_text("XYZ.csv", text);
    ASSERT_EQ(f.bars.size(), 2u);
    EXPECT_EQ(f.bars[0].start, utc("2015-01-12T05:00:00Z"));  // EST, UTC-5
    EXPECT_EQ(f.bars[1].start, utc("2015-07-01T04:00:00Z"));  // EDT, UTC-4
}

// main() reads the zone index on a spare thread while the loaders may already want zones (each
// test runs in its own process, so the index is built here, racing with the readers).
TEST(TimeZone, IndexLoadedOnAnotherThreadWhileFilesAreReadGivesTheSameTimes) {
    const std::string text =
        kIntradayHeader + minute_bar("2024-03-10", "01:59:00") + minute_bar("2024-03-10", "03:00:00");
    std::vector<Timestamp> ny(2), chicago(2);
    {
        std::jthread index([] { load_time_zone_database(); });
        std::jthread reader([&] {
            auto f = read_bar_text("XYZ.csv", text);
            if (f.bars.size() == 2) ny = {f.bars[0].start, f.bars[1].start};
        });
        ReadOptions central;
        central.time_zone = "America/Chicago";
        auto g = read_bar_text("XYZ.csv", text, central);
        if (g.bars.size() == 2) chicago = {g.bars[0].start, g.bars[1].start};
        load_time_zone_database();  // again, and with the index built: nothing changes
    }
    EXPECT_EQ(ny, (std::vector<Timestamp>{utc("2024-03-10T06:59:00Z"), utc("2024-03-10T07:00:00Z")}));
    EXPECT_EQ(chicago, (std::vector<Timestamp>{utc("2024-03-10T07:59:00Z"), utc("2024-03-10T08:00:00Z")}));
}

TEST(TimeZone, IntradayTimesCrossTheSpringForwardChange) {
    // 2024-03-10: New York clocks jump from 02:00 EST to 03:00 EDT.
    std::string text = kIntradayHeader + minute_bar("2024-03-10", "01:59:00") +
                       minute_bar("2024-03-10", "03:00:00") + minute_bar("2024-03-10", "03:01:00");
    auto f = read_bar_text("XYZ.csv", text);
    ASSERT_EQ(f.bars.size(), 3u);
    EXPECT_EQ(f.bars[0].start, utc("2024-03-10T06:59:00Z"));
    EXPECT_EQ(f.bars[1].start, utc("2024-03-10T07:00:00Z"));  // one real minute later
    EXPECT_EQ(f.timeframe, Timeframe::m1);
}

TEST(TimeZone, WallTimeInTheSpringForwardGapIsARejectedRow) {
    std::string text = kIntradayHeader + minute_bar("2024-03-10", "01:59:00") +
                       minute_bar("2024-03-10", "02:30:00") + minute_bar("2024-03-10", "03:00:00");
    auto f = read_bar_text("XYZ.csv", text);
    ASSERT_EQ(f.rejected.size(), 1u);
    EXPECT_EQ(
        to_string(f.rejected[0]),
        "XYZ.csv:3:1: \"2024-03-10 02:30:00\" falls in the daylight-saving gap of America/New_York: that "
        "wall-clock time never happened (row quarantined)");
    EXPECT_EQ(f.bars.size(), 2u);
}

TEST(TimeZone, RepeatedAutumnHourTakesItsFirstOccurrence) {
    // 2024-11-03: 01:00-01:59 happens twice in New York; the file's 01:30 is the EDT one.
    std::string text = kIntradayHeader + minute_bar("2024-11-03", "00:59:00") +
                       minute_bar("2024-11-03", "01:30:00") + minute_bar("2024-11-03", "02:00:00");
    ReadOptions o;
    o.timeframe = Timeframe::m1;
    auto f = read_bar_text("XYZ.csv", text, o);
    ASSERT_EQ(f.bars.size(), 3u);
    EXPECT_EQ(f.bars[0].start, utc("2024-11-03T04:59:00Z"));
    EXPECT_EQ(f.bars[1].start, utc("2024-11-03T05:30:00Z"));  // EDT, UTC-4
    EXPECT_EQ(f.bars[2].start, utc("2024-11-03T07:00:00Z"));  // EST, UTC-5
}

TEST(TimeZone, AnotherExchangeZoneCanBeChosen) {
    ReadOptions o;
    o.time_zone = "Europe/Berlin";
    std::string text =
        kIntradayHeader + minute_bar("2006-01-02", "09:01:00") + minute_bar("2006-01-02", "09:02:00");
    auto f = read_bar_text("FDAX.csv", text, o);
    ASSERT_EQ(f.bars.size(), 2u);
    EXPECT_EQ(f.bars[0].start, utc("2006-01-02T08:01:00Z"));  // CET, UTC+1
}

TEST(TimeZone, UnknownZoneMakesTheFileUnreadable) {
    ReadOptions o;
    o.time_zone = "Mars/Olympus_Mons";
    try {
        read_bar_text("XYZ.csv", kIntradayHeader + minute_bar("2006-01-02", "09:01:00"), o);
        FAIL() << "expected DataFileError";
    } catch (const DataFileError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "XYZ.csv: unknown time zone \"Mars/Olympus_Mons\": expected an IANA name such as "
                  "America/New_York "
                  "or UTC");
    }
}

TEST(TimeZone, TickTimeEndingInZIsAlreadyUtc) {
    std::string text =
        "Datetime,Open,High,Low,Close,Volume,OpenInterest\n"
        "2015-09-23T20:57:42.146Z,1,1,1,1,5,0\n"
        "2015-09-23T20:57:42.146,1,1,1,1,5,0\n";
    auto f = read_tick_text("ES.csv", text);
    ASSERT_EQ(f.ticks.size(), 2u);
    EXPECT_EQ(f.ticks[0].time, utc("2015-09-23T20:57:42.146Z"));
    EXPECT_EQ(f.ticks[1].time, utc("2015-09-24T00:57:42.146Z"));
}

TEST(BarTimeframe, InferredFromTheSmallestSpacingDespiteGaps) {
    std::string text = kIntradayHeader + minute_bar("2006-01-02", "09:05:00") +
                       minute_bar("2006-01-02", "09:20:00") + minute_bar("2006-01-02", "09:25:00") +
                       minute_bar("2006-01-03", "09:05:00");
    auto f = read_bar_text("XYZ.csv", text);
    EXPECT_EQ(f.timeframe, Timeframe::m5);
    for (const auto& b : f.bars) EXPECT_EQ(b.timeframe, Timeframe::m5);
}

TEST(BarTimeframe, GivenTimeframeWinsOverInference) {
    ReadOptions o;
    o.timeframe = Timeframe::m15;
    auto f = read_bar_text("XYZ.csv", kIntradayHeader + minute_bar("2006-01-02", "09:05:00"), o);
    EXPECT_EQ(f.timeframe, Timeframe::m15);
    EXPECT_EQ(f.bars.at(0).timeframe, Timeframe::m15);
}

TEST(BarTimeframe, UnknownSpacingAsksForATimeframe) {
    std::string text =
        kIntradayHeader + minute_bar("2006-01-02", "09:00:00") + minute_bar("2006-01-02", "09:07:00");
    try {
        read_bar_text("XYZ.csv", text);
        FAIL() << "expected DataFileError";
    } catch (const DataFileError& e) {
        EXPECT_EQ(
            std::string(e.what()),
            "XYZ.csv: cannot infer the bar timeframe: the smallest spacing of its first bars is 420 s, which "
            "is no known timeframe (1s 5s 1m 5m 15m 30m 1h 1d); pass one (ReadOptions::timeframe)");
    }
}

TEST(BarTimeframe, SingleBarFileAsksForATimeframe) {
    EXPECT_THROW(read_bar_text("XYZ.csv", kIntradayHeader + minute_bar("2006-01-02", "09:05:00")),
                 DataFileError);
}

TEST(FileSymbol, FileNameGivesTheSymbol) {
    EXPECT_EQ(symbol_from_file_name("data/AAPL.csv"), Symbol("AAPL"));
    EXPECT_EQ(symbol_from_file_name("/x/long-nvda-1999-2014.csv"), Symbol("NVDA"));
    EXPECT_EQ(symbol_from_file_name("index-future-2006-1min.csv"), Symbol("INDEX-FUTURE"));
    EXPECT_EQ(symbol_from_file_name("brk.b.csv"), Symbol("BRK.B"));
    EXPECT_EQ(symbol_from_file_name("2006-1min.csv"), std::nullopt);
}

TEST(FileSymbol, NameColumnWinsOverOptionsAndFileName) {
    std::string text =
        "Date,High,Low,Open,Close,Volume,Adj Close,Name\n2015-01-12,11,9,10,10.5,100,10.5,KO\n";
    auto f = read_bar_text("AAPL.csv", text, with_symbol("MSFT"));
    EXPECT_EQ(f.symbol, Symbol("KO"));
    EXPECT_EQ(f.bars.at(0).symbol, Symbol("KO"));
}

TEST(FileSymbol, OptionsWinOverTheFileNameWhenThereIsNoNameColumn) {
    std::string text = "Date,Open,High,Low,Close,Adj Close,Volume\n2015-01-12,10,11,9,10.5,10.5,100\n";
    EXPECT_EQ(read_bar_text("long-nvda-1999-2014.csv", text).symbol, Symbol("NVDA"));
    EXPECT_EQ(read_bar_text("long-nvda-1999-2014.csv", text, with_symbol("AMD")).symbol, Symbol("AMD"));
}

TEST(FileSymbol, NoSymbolAnywhereMakesTheFileUnreadable) {
    std::string text = "Date,Open,High,Low,Close,Adj Close,Volume\n2015-01-12,10,11,9,10.5,10.5,100\n";
    EXPECT_THROW(read_bar_text("1999-2014.csv", text), DataFileError);
}
