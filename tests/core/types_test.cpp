#include <gtest/gtest.h>

#include <cstdio>
#include <limits>
#include <random>

#include "robo/core/market_data.hpp"
#include "robo/core/order.hpp"

using namespace robo;

TEST(Symbol, NormalisesCaseAndRefusesJunk) {
    EXPECT_EQ(Symbol("aapl").view(), "AAPL");
    EXPECT_EQ(Symbol("BRK B").view(), "BRK B");
    EXPECT_THROW(Symbol(""), std::invalid_argument);
    EXPECT_THROW(Symbol("WAYTOOLONGSYMBOL1"), std::invalid_argument);
    EXPECT_THROW(Symbol("A,B"), std::invalid_argument);
    EXPECT_EQ(std::hash<Symbol>{}(Symbol("MSFT")), std::hash<Symbol>{}(Symbol("msft")));
}

TEST(Time, ParsesDatesAndTimesAsUtc) {
    EXPECT_EQ(unix_nanos(parse_timestamp("1970-01-02")), 86'400'000'000'000LL);
    auto t = parse_timestamp("2015-09-23T20:57:42.146");
    EXPECT_EQ(format_iso_micros(t), "2015-09-23T20:57:42.146000Z");
    EXPECT_EQ(parse_timestamp("2015-09-23 20:57:42.146Z"), t);
    EXPECT_EQ(format_date(parse_timestamp("1995-01-03")), "1995-01-03");
    EXPECT_EQ(format_iso_micros(parse_timestamp("2006-01-02 09:05")), "2006-01-02T09:05:00.000000Z");
    EXPECT_EQ(format_iso_micros(parse_timestamp("2020-01-01T00:00:00.123456789")),
              "2020-01-01T00:00:00.123456Z");
}

// The printf rendering format_iso_micros had before its digits were written by hand, with the
// day and the time of day split in 128 bits (so that the earliest 64-bit instants, in
// 1677-09-21, cannot overflow as chrono's t - floor<days>(t) does).
__extension__ using wide = __int128;
std::string printf_iso_micros(Timestamp t) {
    using namespace std::chrono;
    const wide ns = t.time_since_epoch().count(), per_day = wide(86'400) * 1'000'000'000;
    wide day = ns / per_day, rest = ns % per_day;
    if (rest < 0) rest += per_day, --day;
    const year_month_day ymd{sys_days{days{int64_t(day)}}};
    const auto r = int64_t(rest);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  int(r / 3'600'000'000'000), int(r / 60'000'000'000 % 60), int(r / 1'000'000'000 % 60),
                  static_cast<long long>(r / 1'000 % 1'000'000));
    return buf;
}

TEST(Time, IsoMicrosAreThePrintfTextForEveryTime) {
    // Nanoseconds since 1970 in 64 bits reach 1677-09-21 to 2262-04-11: every year has 4 digits.
    std::vector<int64_t> nanos = {0,
                                  -1,
                                  1,
                                  999,
                                  1'000,
                                  86'399'999'999'999,
                                  86'400'000'000'000,
                                  -86'400'000'000'000,
                                  std::numeric_limits<int64_t>::min(),
                                  std::numeric_limits<int64_t>::max()};
    std::mt19937_64 rng(7);
    for (int i = 0; i < 200'000; ++i) nanos.push_back(int64_t(rng()));
    for (int i = 0; i < 200'000; ++i)  // 1900..2100, the years market data has
        nanos.push_back(-2'208'988'800'000'000'000 + int64_t(rng() % 6'311'433'600'000'000'000ULL));
    for (int64_t n : nanos)
        ASSERT_EQ(format_iso_micros(from_unix_nanos(n)), printf_iso_micros(from_unix_nanos(n))) << n;
}

TEST(Time, RefusesMalformedOrImpossibleTimes) {
    Timestamp t;
    for (const char* bad : {"", "2015-13-01", "2015-02-30", "2015-1-01", "02/03/2010 16:53:50",
                            "2015-01-01T25:00", "2015-01-01T10:00:00.", "2015-01-01X"})
        EXPECT_FALSE(try_parse_timestamp(bad, t)) << bad;
    EXPECT_THROW(parse_timestamp("n/a"), std::invalid_argument);
}

TEST(Timeframe, NamesRoundTrip) {
    for (auto tf : {Timeframe::s1, Timeframe::s5, Timeframe::m1, Timeframe::m5, Timeframe::m15,
                    Timeframe::m30, Timeframe::h1, Timeframe::day, Timeframe::session})
        EXPECT_EQ(parse_timeframe(to_string(tf)), tf);
    EXPECT_EQ(timeframe_seconds(Timeframe::m5), 300);
    EXPECT_FALSE(parse_timeframe("7m"));
}

TEST(Order, ValidateNamesWhatIsWrong) {
    Order o{.client_id = "c1", .symbol = Symbol("AAPL"), .quantity = Quantity::parse("10")};
    EXPECT_EQ(o.validate(), "");
    o.type = OrderType::limit;
    EXPECT_EQ(o.validate(), "limit order needs a limit price");
    o.limit = Price::parse("0");
    EXPECT_EQ(o.validate(), "limit price must be positive, found 0");
    o.limit = Price::parse("10");
    o.quantity = Quantity::parse("-1");
    EXPECT_EQ(o.validate(), "quantity must be positive, found -1");
}

TEST(Fill, CashDeltaIncludesCommission) {
    Fill buy{.side = Side::buy,
             .quantity = Quantity::parse("100"),
             .price = Price::parse("10.01"),
             .commission = Money::parse("1")};
    EXPECT_EQ(buy.cash_delta(), Money::parse("-1002"));
    Fill sell = buy;
    sell.side = Side::sell;
    EXPECT_EQ(sell.cash_delta(), Money::parse("1000"));
}

TEST(Position, UnrealizedPnlForLongAndShort) {
    Position p{
        .symbol = Symbol("AAPL"), .quantity = Quantity::parse("-50"), .average_cost = Price::parse("100")};
    EXPECT_EQ(p.unrealized_pnl(Price::parse("98.5")), Money::parse("75"));
    EXPECT_EQ(p.market_value(Price::parse("98.5")), Money::parse("-4925"));
}

TEST(Enums, NamesRoundTrip) {
    EXPECT_EQ(parse_side("sell"), Side::sell);
    EXPECT_EQ(parse_order_type("stop_limit"), OrderType::stop_limit);
    EXPECT_EQ(parse_time_in_force("gtc"), TimeInForce::gtc);
    EXPECT_EQ(to_string(OrderStatus::partially_filled), "partially_filled");
    EXPECT_FALSE(parse_side("hold"));
}
