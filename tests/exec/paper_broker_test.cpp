#include <gtest/gtest.h>

#include "exec/helpers.hpp"
#include "robo/exec/paper_broker.hpp"

using namespace robo;
using namespace robo::exec;
using namespace robo::test;

namespace {
PaperBroker broker_without_costs(int64_t volume_share_bps = 0) {
    PaperBrokerConfig c;
    c.commission = CommissionPlan::none;
    c.max_volume_share_bps = volume_share_bps;
    return PaperBroker(c);
}
std::vector<BrokerEvent> events(PaperBroker& b) {
    std::vector<BrokerEvent> out;
    b.poll(out);
    return out;
}
std::vector<Fill> fills(PaperBroker& b) {
    std::vector<Fill> out;
    for (auto& e : events(b))
        if (e.kind == BrokerEvent::Kind::fill) out.push_back(e.fill);
    return out;
}
// The strategy saw the day-1 bar and ordered at its close (the start of day 2).
const Timestamp after_day1_close = day(2);
}  // namespace

TEST(PaperBroker, AcknowledgesASubmitAndIgnoresARetry) {
    auto b = broker_without_costs();
    b.submit(order("a", "AAPL", Side::buy, 10), day(1));
    b.submit(order("a", "AAPL", Side::buy, 10), day(1));
    auto ev = events(b);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].kind, BrokerEvent::Kind::accepted);
    EXPECT_EQ(b.working_orders(), 1u);
}

TEST(PaperBroker, MarketOrderFillsAtTheNextBarsOpenNotTheBarItWasPlacedOn) {
    auto b = broker_without_costs();
    b.submit(order("a", "AAPL", Side::buy, 10), after_day1_close);
    events(b);
    b.on_bar(bar("AAPL", day(1), "100", "110", "90", "105"));  // the bar already seen
    EXPECT_TRUE(fills(b).empty());
    b.on_bar(bar("AAPL", day(2), "106", "108", "101", "102"));
    auto f = fills(b);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].price, px("106"));
    EXPECT_EQ(f[0].quantity, shares(10));
    EXPECT_EQ(f[0].time, day(2));
}

TEST(PaperBroker, BuyLimitFillsAtTheLimitWhenTheLowReachesIt) {
    auto b = broker_without_costs();
    b.submit(limit_order("a", "AAPL", Side::buy, 10, "100"), day(2));
    b.on_bar(bar("AAPL", day(2), "103", "104", "99", "101"));
    EXPECT_EQ(fills(b).at(0).price, px("100"));
}

TEST(PaperBroker, BuyLimitFillsAtTheOpenWhenItGapsBelow) {
    auto b = broker_without_costs();
    b.submit(limit_order("a", "AAPL", Side::buy, 10, "100"), day(2));
    b.on_bar(bar("AAPL", day(2), "97", "99", "96", "98"));
    EXPECT_EQ(fills(b).at(0).price, px("97"));
}

TEST(PaperBroker, SellLimitWaitsUntilTheHighReachesIt) {
    auto b = broker_without_costs();
    b.submit(limit_order("a", "AAPL", Side::sell, 10, "110"), day(2));
    b.on_bar(bar("AAPL", day(2), "100", "109.99", "99", "101"));
    EXPECT_TRUE(fills(b).empty());
    b.on_bar(bar("AAPL", day(3), "105", "111", "104", "106"));
    EXPECT_EQ(fills(b).at(0).price, px("110"));
}

TEST(PaperBroker, SellStopFillsAtTheOpenWhenThePriceGapsThroughIt) {
    auto b = broker_without_costs();
    b.submit(stop_order("a", "AAPL", Side::sell, 10, "95"), day(2));
    b.on_bar(bar("AAPL", day(2), "90", "92", "88", "91"));
    EXPECT_EQ(fills(b).at(0).price, px("90"));
}

TEST(PaperBroker, BuyStopFillsAtTheStopWhenTheHighCrossesIt) {
    auto b = broker_without_costs();
    b.submit(stop_order("a", "AAPL", Side::buy, 10, "105"), day(2));
    b.on_bar(bar("AAPL", day(2), "100", "106", "99", "104"));
    EXPECT_EQ(fills(b).at(0).price, px("105"));
}

TEST(PaperBroker, StopLimitTriggeredAboveItsLimitRestsAsALimit) {
    auto b = broker_without_costs();
    Order o = order("a", "AAPL", Side::buy, 10, OrderType::stop_limit);
    o.stop = px("105");
    o.limit = px("106");
    b.submit(o, day(2));
    b.on_bar(bar("AAPL", day(2), "108", "110", "107", "109"));  // gaps over: triggered, no fill
    EXPECT_TRUE(fills(b).empty());
    b.on_bar(bar("AAPL", day(3), "107", "108", "105.5", "106"));
    EXPECT_EQ(fills(b).at(0).price, px("106"));
}

TEST(PaperBroker, SlippageInBasisPointsMovesMarketFillsAgainstTheTrader) {
    PaperBrokerConfig c;
    c.commission = CommissionPlan::none;
    c.max_volume_share_bps = 0;
    c.slippage_bps = 10;
    PaperBroker b(c);
    b.submit(order("buy", "AAPL", Side::buy, 10), day(2));
    b.submit(order("sell", "MSFT", Side::sell, 10), day(2));
    b.on_bar(bar("AAPL", day(2), "100", "101", "99", "100"));
    b.on_bar(bar("MSFT", day(2), "200", "201", "199", "200"));
    auto f = fills(b);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].price, px("100.1"));
    EXPECT_EQ(f[1].price, px("199.8"));
}

namespace {
PaperBroker broker_with_slippage(int64_t bps) {
    PaperBrokerConfig c;
    c.commission = CommissionPlan::none;
    c.max_volume_share_bps = 0;
    c.slippage_bps = bps;
    return PaperBroker(c);
}
}  // namespace

TEST(PaperBroker, SlippageNeverTakesAMarketBuyAboveTheBarsHigh) {
    auto b = broker_with_slippage(10);
    b.submit(order("a", "AAPL", Side::buy, 10), day(2));
    b.on_bar(bar("AAPL", day(2), "100", "100", "98", "99"));  // opened at its high
    EXPECT_EQ(fills(b).at(0).price, px("100"));               // not 100.1
}

TEST(PaperBroker, SlippageNeverTakesAMarketSellBelowTheBarsLow) {
    auto b = broker_with_slippage(10);
    b.submit(order("a", "AAPL", Side::sell, 10), day(2));
    b.on_bar(bar("AAPL", day(2), "100", "101", "99.95", "100.5"));
    EXPECT_EQ(fills(b).at(0).price, px("99.95"));  // 99.9 would be below the low
}

TEST(PaperBroker, SlippageOnAStopIsCappedAtTheBarsRange) {
    auto b = broker_with_slippage(100);
    b.submit(stop_order("a", "AAPL", Side::sell, 10, "95"), day(2));
    b.on_bar(bar("AAPL", day(2), "96", "97", "94.5", "95"));  // triggered at 95; 94.05 is below the low
    EXPECT_EQ(fills(b).at(0).price, px("94.5"));
}

TEST(PaperBroker, PartialFillsTakeAtMostTheConfiguredShareOfEachBarsVolume) {
    auto b = broker_without_costs(1'000);  // 10%
    b.submit(order("a", "AAPL", Side::buy, 250), day(2));
    b.on_bar(bar("AAPL", day(2), "10", "10", "10", "10", 1000));
    b.on_bar(bar("AAPL", day(3), "11", "11", "11", "11", 1000));
    b.on_bar(bar("AAPL", day(4), "12", "12", "12", "12", 1000));
    auto f = fills(b);
    ASSERT_EQ(f.size(), 3u);
    EXPECT_EQ(f[0].quantity, shares(100));
    EXPECT_EQ(f[1].quantity, shares(100));
    EXPECT_EQ(f[2].quantity, shares(50));
    EXPECT_EQ(b.working_orders(), 0u);
}

TEST(PaperBroker, OrdersOnTheSameBarShareItsVolumeInSubmissionOrder) {
    auto b = broker_without_costs(1'000);
    b.submit(order("first", "AAPL", Side::buy, 80), day(2));
    b.submit(order("second", "AAPL", Side::buy, 80), day(2));
    b.on_bar(bar("AAPL", day(2), "10", "10", "10", "10", 1000));
    auto f = fills(b);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].client_id, "first");
    EXPECT_EQ(f[0].quantity, shares(80));
    EXPECT_EQ(f[1].quantity, shares(20));
}

TEST(PaperBroker, DayOrderExpiresAfterItsFirstSession) {
    auto b = broker_without_costs();
    b.submit(limit_order("a", "AAPL", Side::buy, 10, "50", TimeInForce::day), day(2));
    b.on_bar(bar("AAPL", day(2, 9, 30), "100", "101", "99", "100", 1000, Timeframe::m1));
    b.on_bar(bar("AAPL", day(2, 15, 59), "100", "101", "99", "100", 1000, Timeframe::m1));
    EXPECT_EQ(b.working_orders(), 1u);
    b.on_bar(bar("AAPL", day(3, 9, 30), "40", "41", "39", "40", 1000, Timeframe::m1));
    auto ev = events(b);
    ASSERT_EQ(ev.back().kind, BrokerEvent::Kind::expired);
    EXPECT_EQ(b.working_orders(), 0u);
}

TEST(PaperBroker, GtcOrderKeepsWorkingAcrossSessions) {
    auto b = broker_without_costs();
    b.submit(limit_order("a", "AAPL", Side::buy, 10, "50"), day(2));
    b.on_bar(bar("AAPL", day(2), "100", "101", "99", "100"));
    b.on_bar(bar("AAPL", day(5), "49", "51", "48", "50"));
    EXPECT_EQ(fills(b).at(0).price, px("49"));
}

TEST(PaperBroker, IocCancelsWhatTheFirstBarCannotFill) {
    auto b = broker_without_costs(1'000);
    b.submit(order("a", "AAPL", Side::buy, 250, OrderType::market, TimeInForce::ioc), day(2));
    b.on_bar(bar("AAPL", day(2), "10", "10", "10", "10", 1000));
    auto ev = events(b);
    ASSERT_EQ(ev.size(), 3u);  // accepted, fill 100, cancelled
    EXPECT_EQ(ev[1].fill.quantity, shares(100));
    EXPECT_EQ(ev[2].kind, BrokerEvent::Kind::cancelled);
}

TEST(PaperBroker, CancelStopsAWorkingOrder) {
    auto b = broker_without_costs();
    b.submit(limit_order("a", "AAPL", Side::buy, 10, "50"), day(2));
    EXPECT_TRUE(b.cancel("a", day(2)));
    EXPECT_FALSE(b.cancel("a", day(2)));
    b.on_bar(bar("AAPL", day(3), "40", "41", "39", "40"));
    auto ev = events(b);
    EXPECT_EQ(ev.back().kind, BrokerEvent::Kind::cancelled);
}

TEST(PaperBroker, RejectsAnInvalidOrder) {
    auto b = broker_without_costs();
    b.submit(order("a", "AAPL", Side::buy, 0), day(2));
    auto ev = events(b);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].kind, BrokerEvent::Kind::rejected);
    EXPECT_NE(ev[0].reason.find("quantity must be positive"), std::string::npos);
}

TEST(PaperBroker, ChargesIbkrFixedCommissionOncePerOrderAcrossPartialFills) {
    PaperBrokerConfig c;
    c.commission = CommissionPlan::ibkr_fixed;
    c.max_volume_share_bps = 1'000;
    PaperBroker b(c);
    b.submit(order("a", "AAPL", Side::buy, 1000), day(2));
    b.on_bar(bar("AAPL", day(2), "25", "25", "25", "25", 1000));  // 100 shares: min 1.00
    b.on_bar(bar("AAPL", day(3), "25", "25", "25", "25", 9000));  // 900 shares: 4.00 more
    auto f = fills(b);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].commission, usd("1"));
    EXPECT_EQ(f[1].commission, usd("4"));
}

TEST(PaperBroker, MarketBuyOnAQuotePaysTheConfiguredShareOfTheSpread) {
    PaperBrokerConfig c;
    c.commission = CommissionPlan::none;
    c.slippage = SlippageModel::spread_share;
    c.spread_share_bps = 2'500;  // a quarter of the spread above mid
    PaperBroker b(c);
    b.submit(order("a", "AAPL", Side::buy, 10), day(2));
    b.on_quote(Quote{Symbol("AAPL"), day(2), px("100.00"), px("100.20"), shares(500), shares(500)});
    EXPECT_EQ(fills(b).at(0).price, px("100.15"));  // mid 100.10 + 0.05
}

TEST(PaperBroker, QuoteFillsAreCappedByDisplayedSize) {
    auto b = broker_without_costs();
    b.submit(limit_order("a", "AAPL", Side::sell, 300, "99"), day(2));
    b.on_quote(Quote{Symbol("AAPL"), day(2), px("99.50"), px("99.60"), shares(200), shares(100)});
    auto f = fills(b);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].price, px("99.5"));
    EXPECT_EQ(f[0].quantity, shares(200));
}
