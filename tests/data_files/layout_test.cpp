// The layout is found from the header line alone, for every layout we know.
#include <gtest/gtest.h>

#include "helpers.hpp"

using namespace robo;
using namespace robo::data;
using namespace robo::test;

namespace {
FileLayout layout_of(std::string_view header) {
    FileLayout layout{};
    EXPECT_TRUE(match_header(header, layout)) << header;
    return layout;
}
}  // namespace

TEST(Layout, EachKnownHeaderNamesItsLayout) {
    EXPECT_EQ(layout_of("Date,High,Low,Open,Close,Volume,Adj Close,Name"), FileLayout::daily_ohlcv_name);
    EXPECT_EQ(layout_of("Date,Open,High,Low,Close,Adj Close,Volume"), FileLayout::daily_ohlc_adj);
    EXPECT_EQ(layout_of("Date,Time,Open,High,Low,Close,Volume,OpenInterest"), FileLayout::intraday_bars);
    EXPECT_EQ(layout_of("Date,Open,High,Low,Close,Volume,OpenInterest"), FileLayout::intraday_bars);
    EXPECT_EQ(layout_of("Datetime,Open,High,Low,Close,Volume,OpenInterest"), FileLayout::ticks);
    EXPECT_EQ(layout_of("TIMESTAMP,BID,ASK"), FileLayout::bid_ask);
}

TEST(Layout, HeaderMatchingIgnoresCaseSpacesBomAndCrlf) {
    EXPECT_EQ(layout_of("\xEF\xBB\xBF"
                        "date, high ,low,open,close,volume,adj close,name\r"),
              FileLayout::daily_ohlcv_name);
    EXPECT_EQ(layout_of("timestamp,bid,ask\r\n"), FileLayout::bid_ask);
}

TEST(Layout, HeadersThatAreAlmostKnownAreRefused) {
    FileLayout layout{};
    EXPECT_FALSE(match_header("Date,High,Low,Open,Close,Volume,Adj Close", layout));
    EXPECT_FALSE(match_header("Date,Open,High,Low,Close,Volume", layout));
    EXPECT_FALSE(match_header("TIMESTAMP,ASK,BID", layout));
    EXPECT_FALSE(match_header("", layout));
}

TEST(Layout, ShortIntradayHeaderStillReadsRowsWithATimeColumn) {
    auto columns = row_columns(FileLayout::intraday_bars);
    ASSERT_EQ(columns.size(), 8u);
    EXPECT_EQ(columns[1], "Time");
}

TEST(Layout, DetectedFromEverySampleFile) {
    EXPECT_EQ(detect_layout(sample_dir() / "daily" / "AAPL.csv"), FileLayout::daily_ohlcv_name);
    EXPECT_EQ(detect_layout(sample_dir() / "intraday" / "index-future-2006-01-03-1min.csv"),
              FileLayout::intraday_bars);
    EXPECT_EQ(detect_layout(sample_dir() / "intraday" / "index-2006-5min.csv"), FileLayout::intraday_bars);
    EXPECT_EQ(detect_layout(sample_dir() / "intraday" / "ticksample.csv"), FileLayout::ticks);
    EXPECT_EQ(detect_layout(sample_dir() / "intraday" / "bidask-sample.csv"), FileLayout::bid_ask);
}

TEST(Layout, DetectedFromTheSharedLongDailyFile) {
    ROBO_REQUIRE_SHARED_DATA();
    EXPECT_EQ(detect_layout(shared_file("daily/long-orcl-1995-2014.csv")), FileLayout::daily_ohlc_adj);
}
