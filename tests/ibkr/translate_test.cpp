// Translation between the system's types and TWS messages.
#include <gtest/gtest.h>

#include "robo/ibkr/adapt/translate.hpp"
#include "robo/ibkr/codec.hpp"

using namespace robo;
using namespace robo::ibkr;

namespace {
Order limit_buy() {
    Order o;
    o.client_id = "strat-1-0001";
    o.symbol = Symbol("AAPL");
    o.side = Side::buy;
    o.type = OrderType::limit;
    o.quantity = Quantity::from_units(100);
    o.limit = Price::parse("189.37");
    return o;
}
}  // namespace

TEST(Translate, LimitOrderBecomesAPlaceOrderCarryingTheClientIdAsOrderRef) {
    auto p = to_place_order(limit_buy(), 1001, "DU1234567");
    EXPECT_EQ(p.order_id, 1001);
    EXPECT_EQ(p.action, "BUY");
    EXPECT_EQ(p.order_type, "LMT");
    EXPECT_EQ(p.lmt_price, 189.37);
    EXPECT_EQ(p.aux_price, std::nullopt);
    EXPECT_EQ(p.order_ref, "strat-1-0001");
    EXPECT_EQ(p.contract.symbol, "AAPL");
    EXPECT_EQ(p.account, "DU1234567");
}

TEST(Translate, StopLimitCarriesBothPrices) {
    auto o = limit_buy();
    o.type = OrderType::stop_limit;
    o.stop = Price::parse("190");
    auto p = to_place_order(o, 1, "DU1");
    EXPECT_EQ(p.order_type, "STP LMT");
    EXPECT_EQ(p.aux_price, 190.0);
}

TEST(Translate, InvalidOrderIsNotTranslated) {
    auto o = limit_buy();
    o.limit.reset();
    EXPECT_THROW(to_place_order(o, 1, "DU1"), TranslateError);
}

TEST(Translate, ExecutionBecomesAnExactFill) {
    ExecDetails e;
    e.exec_id = "0000e0d5.00000001.01.01";
    e.order_ref = "strat-1-0001";
    e.contract.symbol = "AAPL";
    e.side = "SLD";
    e.shares = Quantity::parse("12.5");
    e.price = 189.37;
    e.time = "20250102  14:30:01";
    auto f = to_fill(e, Money::parse("1.00"));
    EXPECT_EQ(f.client_id, "strat-1-0001");
    EXPECT_EQ(f.side, Side::sell);
    EXPECT_EQ(f.price, Price::parse("189.37"));
    EXPECT_EQ(f.quantity, Quantity::parse("12.5"));
    EXPECT_EQ(f.time, from_civil(2025, 1, 2, 14, 30, 1));
    e.side = "BUY";
    EXPECT_THROW(to_fill(e), TranslateError);
}

TEST(Translate, TwsTimesInEveryDocumentedShape) {
    EXPECT_EQ(parse_tws_time("20250102"), from_civil(2025, 1, 2));
    EXPECT_EQ(parse_tws_time("20250102 09:30:00 America/New_York"), from_civil(2025, 1, 2, 14, 30));
    EXPECT_EQ(parse_tws_time("20250102  09:30:00", "America/New_York"), from_civil(2025, 1, 2, 14, 30));
    EXPECT_EQ(parse_tws_time("20250102-14:30:00", "America/New_York"), from_civil(2025, 1, 2, 14, 30));
    EXPECT_EQ(parse_tws_time("1735828200"), from_civil(2025, 1, 2, 14, 30));
    EXPECT_THROW(parse_tws_time("2025013"), TranslateError);
    EXPECT_THROW(parse_tws_time("20250231"), TranslateError);
    EXPECT_THROW(parse_tws_time("20250102 09:30:00 Mars/Olympus"), TranslateError);
}

TEST(Translate, OrderStatusesIncludingPartialFills) {
    auto q = [](int n) { return Quantity::from_units(n); };
    EXPECT_EQ(to_order_status("Submitted", q(0), q(100)), OrderStatus::accepted);
    EXPECT_EQ(to_order_status("Submitted", q(40), q(60)), OrderStatus::partially_filled);
    EXPECT_EQ(to_order_status("Filled", q(100), q(0)), OrderStatus::filled);
    EXPECT_EQ(to_order_status("Inactive", q(0), q(100)), OrderStatus::rejected);
    EXPECT_EQ(to_order_status("ApiCancelled", q(0), q(100)), OrderStatus::cancelled);
    EXPECT_EQ(to_order_status("Mystery", q(0), q(0)), std::nullopt);
}

TEST(Translate, QuoteBookEmitsAQuoteOnceBothSidesAreKnown) {
    QuoteBook book;
    book.watch(7, Symbol("MSFT"));
    Timestamp now = from_civil(2025, 1, 2, 14, 30);
    EXPECT_FALSE(book.on_tick(TickPrice{7, 1, 410.10, Quantity::from_units(300), 0}, now));
    auto q = book.on_tick(TickPrice{7, 2, 410.12, Quantity::from_units(200), 0}, now);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->bid, Price::parse("410.1"));
    EXPECT_EQ(q->ask_size, Quantity::from_units(200));
    auto q2 = book.on_tick(TickSize{7, 0, Quantity::from_units(500)}, now);
    ASSERT_TRUE(q2);
    EXPECT_EQ(q2->bid_size, Quantity::from_units(500));
    EXPECT_FALSE(book.on_tick(TickSize{7, 0, Quantity::from_units(500)}, now)) << "nothing changed";
    auto t = book.trade(TickPrice{7, 4, 410.11, Quantity::from_units(100), 0}, now);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->price, Price::parse("410.11"));
    EXPECT_FALSE(book.on_tick(TickPrice{8, 1, 1, {}, 0}, now)) << "unknown request id";
}

TEST(Translate, QuoteBookHoldsAHalfUpdatedCrossedBookUntilTheOtherSideMoves) {
    QuoteBook book;
    book.watch(7, Symbol("AAPL"));
    Timestamp now = from_civil(2025, 1, 2, 14, 30);
    book.on_tick(TickPrice{7, 1, 167.78, Quantity::from_units(300), 0}, now);
    ASSERT_TRUE(book.on_tick(TickPrice{7, 2, 167.80, Quantity::from_units(200), 0}, now));
    // The price moved up: the bid arrives first, above the old ask.
    EXPECT_FALSE(book.on_tick(TickPrice{7, 1, 167.86, Quantity::from_units(300), 0}, now))
        << "bid 167.86 over ask 167.80 is not a market";
    auto q = book.on_tick(TickPrice{7, 2, 167.88, Quantity::from_units(200), 0}, now);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->bid, Price::parse("167.86"));
    EXPECT_EQ(q->ask, Price::parse("167.88"));
    // Locked (bid == ask) is a market: it passes (the quality gate flags it).
    EXPECT_TRUE(book.on_tick(TickPrice{7, 1, 167.88, Quantity::from_units(300), 0}, now));
}

TEST(Translate, BarsFromRealTimeAndHistoricalMessages) {
    auto rb = to_bar(RealTimeBar{1, 1735828200, 10, 11, 9, 10.5, Quantity::from_units(900), 10.2, 9},
                     Symbol("SPY"));
    EXPECT_EQ(rb.timeframe, Timeframe::s5);
    EXPECT_EQ(rb.start, from_civil(2025, 1, 2, 14, 30));
    EXPECT_EQ(rb.close, Price::parse("10.5"));
    auto hb = to_bar(HistoricalBar{"20250102", 1, 2, 0.5, 1.5, Quantity::from_units(5), 1.2, 3},
                     Symbol("SPY"), Timeframe::day);
    EXPECT_EQ(hb.start, from_civil(2025, 1, 2));
    EXPECT_EQ(bar_size_setting(Timeframe::m5), "5 mins");
    EXPECT_THROW(bar_size_setting(Timeframe::session), TranslateError);
}
