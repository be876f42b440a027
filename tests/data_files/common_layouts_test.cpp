// tests/data_files — the layouts users bring: broker and free-site exports, lowercase headers,
// what ibkr-backfill writes, the usual date formats, a user's column mapping, and symbols.
#include <gtest/gtest.h>

#include "data_files/helpers.hpp"
#include "robo/data/files/inventory.hpp"

namespace robo::test {
namespace {

using data::DataFileError;
using data::read_bar_text;

const char* kTwoDays = "2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,11,10,10.8,120\n";

TEST(CommonLayouts, DateOpenHighLowCloseVolumeWithoutAdjCloseIsDaily) {
    auto f = read_bar_text("AAA.csv", std::string("Date,Open,High,Low,Close,Volume\n") + kTwoDays);
    ASSERT_EQ(f.bars.size(), 2u);
    EXPECT_EQ(f.layout, data::FileLayout::named_bars);
    EXPECT_EQ(f.timeframe, Timeframe::day);
    EXPECT_EQ(f.symbol, Symbol("AAA"));
    EXPECT_EQ(f.bars[0].start, utc("2024-01-02T05:00:00Z"));  // midnight New York
    EXPECT_EQ(f.bars[1].close, price("10.8"));
    EXPECT_EQ(f.adjusted_close.size(), 2u);  // parallel to a daily file's bars, empty values
}

TEST(CommonLayouts, LowercaseHeaderWithAdjCloseKeepsTheAdjustedCloses) {
    auto f = read_bar_text("AAA.csv",
                           "date,open,high,low,close,adj close,volume\n"
                           "2024-01-02,10,11,9,10.5,10.1,100\n");
    ASSERT_EQ(f.bars.size(), 1u);
    ASSERT_TRUE(f.adjusted_close[0]);
    EXPECT_EQ(*f.adjusted_close[0], price("10.1"));
}

TEST(CommonLayouts, WhatIbkrBackfillWritesReadsBackAsUtcBars) {
    auto minute = read_bar_text("AAPL_1m.csv",
                                "timestamp,open,high,low,close,volume\n"
                                "2024-01-02T14:30:00.000000Z,10,11,9,10.5,100\n"
                                "2024-01-02T14:31:00.000000Z,10.5,11,10,10.8,120\n");
    ASSERT_EQ(minute.bars.size(), 2u);
    EXPECT_EQ(minute.symbol, Symbol("AAPL"));
    EXPECT_EQ(minute.timeframe, Timeframe::m1);
    EXPECT_EQ(minute.bars[0].start, utc("2024-01-02T14:30:00Z"));
    auto daily = read_bar_text("AAPL_1d.csv",
                               "timestamp,open,high,low,close,volume\n"
                               "2024-01-02T05:00:00.000000Z,10,11,9,10.5,100\n"
                               "2024-01-03T05:00:00.000000Z,10.5,11,10,10.8,120\n");
    EXPECT_EQ(daily.timeframe, Timeframe::day);
}

TEST(CommonLayouts, EveryUnambiguousDateFormatGivesTheSameInstant) {
    const Timestamp expected = utc("2024-01-02T14:30:00Z");
    for (const char* when : {"2024-01-02T14:30:00Z", "2024-01-02 09:30:00-05:00", "2024-01-02T15:30:00+0100",
                             "1704205800", "1704205800000", "20240102 09:30:00", "2024-01-02 09:30:00"}) {
        data::ReadOptions o;
        o.timeframe = Timeframe::m1;  // one bar: no spacing to infer it from
        auto f = read_bar_text(
            "AAA.csv", std::string("Datetime,Open,High,Low,Close,Volume\n") + when + ",10,11,9,10.5,100\n",
            o);
        ASSERT_EQ(f.bars.size(), 1u) << when << ": " << (f.rejected.empty() ? "" : to_string(f.rejected[0]));
        EXPECT_EQ(f.bars[0].start, expected) << when;
    }
    auto compact = read_bar_text("AAA.csv", "Date,Open,High,Low,Close\n20240102,10,11,9,10.5\n");
    ASSERT_EQ(compact.bars.size(), 1u);
    EXPECT_EQ(compact.bars[0].start, utc("2024-01-02T05:00:00Z"));
    EXPECT_EQ(compact.timeframe, Timeframe::day);
}

TEST(CommonLayouts, SlashedDatesNeedTheUserToSayWhichOrder) {
    const std::string text =
        "Date,Close/Last,Volume,Open,High,Low\n03/04/2024,$172.62,1000,$171.17,$172.62,$170.28\n";
    try {
        read_bar_text("AAA.csv", text);
        FAIL() << "expected DataFileError";
    } catch (const DataFileError& e) {
        EXPECT_EQ(
            std::string(e.what()),
            "AAA.csv:2:1: Date \"03/04/2024\" is written MM/DD/YYYY or DD/MM/YYYY, which cannot be told "
            "apart: say which with --date-format mdy or --date-format dmy (DATA_DATE_FORMAT)");
    }
    data::ReadOptions mdy, dmy;
    mdy.date_order = data::DateOrder::month_first;
    dmy.date_order = data::DateOrder::day_first;
    auto march = read_bar_text("AAA.csv", text, mdy);
    auto april = read_bar_text("AAA.csv", text, dmy);
    ASSERT_EQ(march.bars.size(), 1u);
    EXPECT_EQ(march.bars[0].start, utc("2024-03-04T05:00:00Z"));
    EXPECT_EQ(april.bars[0].start, utc("2024-04-03T04:00:00Z"));  // EDT by then
    EXPECT_EQ(march.bars[0].close, price("172.62"));              // Nasdaq's "$172.62"
}

TEST(CommonLayouts, ARowInAnotherFormatThanTheFirstIsRejected) {
    auto f = read_bar_text("AAA.csv",
                           "Date,Open,High,Low,Close\n2024-01-02,10,11,9,10.5\n20240103,10,11,9,10.5\n");
    ASSERT_EQ(f.rejected.size(), 1u);
    EXPECT_EQ(to_string(f.rejected[0]),
              "AAA.csv:3:1: expected a date like 2015-01-12 for Date, found \"20240103\" (row quarantined)");
}

TEST(CommonLayouts, ColumnMappingReadsAnyHeaderNames) {
    const std::string text = std::string("Datum,Eroeffnung,Hoch,Tief,Schluss,Umsatz\n") + kTwoDays;
    EXPECT_THROW(read_bar_text("AAA.csv", text), DataFileError);
    data::ReadOptions o;
    o.columns =
        data::parse_column_map("date=Datum,open=Eroeffnung,high=Hoch,low=Tief,close=Schluss,volume=Umsatz");
    auto f = read_bar_text("AAA.csv", text, o);
    ASSERT_EQ(f.bars.size(), 2u);
    EXPECT_EQ(f.bars[1].volume, qty("120"));
}

TEST(CommonLayouts, ColumnMappingNamingAMissingColumnSaysWhatTheHeaderHas) {
    data::ReadOptions o;
    o.columns = data::parse_column_map("date=Datum");
    try {
        read_bar_text("AAA.csv", "Day,Open,High,Low,Close\n2024-01-02,10,11,9,10.5\n", o);
        FAIL() << "expected DataFileError";
    } catch (const DataFileError& e) {
        EXPECT_NE(
            std::string(e.what()).find("names date=Datum, but the header has no column \"Datum\" (it has: "
                                       "\"Day,Open,High,Low,Close\")"),
            std::string::npos)
            << e.what();
    }
    EXPECT_THROW(data::parse_column_map("price=Px"), std::invalid_argument);
    EXPECT_THROW(data::parse_column_map("date"), std::invalid_argument);
}

TEST(CommonLayouts, SymbolComesFromAColumnAnOptionOrTheFileName) {
    auto column = read_bar_text("x.csv", "Date,Open,High,Low,Close,Ticker\n2024-01-02,10,11,9,10.5,msft\n");
    EXPECT_EQ(column.symbol, Symbol("MSFT"));
    data::ReadOptions o;
    o.symbol = Symbol("IBM");
    EXPECT_EQ(
        read_bar_text("prices.csv", std::string("Date,Open,High,Low,Close,Volume\n") + kTwoDays, o).symbol,
        Symbol("IBM"));
    EXPECT_EQ(
        read_bar_text("data/KO.csv", std::string("Date,Open,High,Low,Close,Volume\n") + kTwoDays).symbol,
        Symbol("KO"));
}

TEST(CommonLayouts, SymbolsWithPathCharactersAreRefused) {
    auto f = read_bar_text("x.csv", "Date,Open,High,Low,Close,Symbol\n2024-01-02,10,11,9,10.5,../../ETC/X\n");
    EXPECT_TRUE(f.bars.empty());
    ASSERT_EQ(f.rejected.size(), 1u);
    EXPECT_NE(f.rejected[0].message.find("holds path characters"), std::string::npos)
        << f.rejected[0].message;
    data::ReadOptions o;
    o.symbol = Symbol("../../ETC/X");
    EXPECT_THROW(read_bar_text("x.csv", std::string("Date,Open,High,Low,Close,Volume\n") + kTwoDays, o),
                 DataFileError);
    EXPECT_FALSE(data::symbol_is_path_safe(Symbol("../X")));
    EXPECT_FALSE(data::symbol_is_path_safe(Symbol("A/B")));
    EXPECT_TRUE(data::symbol_is_path_safe(Symbol("BRK.B")));
}

TEST(CommonLayouts, SemicolonSeparatedFileIsNamedAsSuch) {
    try {
        read_bar_text("AAA.csv", "Datum;Eroeffnung;Hoch\n2024-01-02;10;11\n");
        FAIL() << "expected DataFileError";
    } catch (const DataFileError& e) {
        EXPECT_NE(std::string(e.what()).find("separated by ';'"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace robo::test
