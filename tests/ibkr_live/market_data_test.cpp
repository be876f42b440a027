// IbkrMarketData: 5-second real-time bars aggregated to the strategy's timeframe, and
// backfill delivered first and marked.
#include "live_support.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::live_test;

namespace {
std::vector<data::MarketEvent> take(IbkrMarketData& feed) {
    std::vector<data::MarketEvent> out;
    data::MarketEvent ev;
    while (feed.next(ev)) out.push_back(ev);
    return out;
}
}  // namespace

TEST(IbkrMarketData, FiveSecondBarsAggregateToWholeMinutesEqualToTheSimulatorsMinuteBars) {
    Rig rig([](sim::SimConfig& s) { s.step = std::chrono::milliseconds(1); });
    auto& link = rig.make_link();
    MarketDataConfig mc;
    mc.symbols = {Symbol("AAPL")};
    mc.quotes = false;
    mc.timeframe = Timeframe::m1;
    IbkrMarketData feed(link, mc);
    IbkrBroker broker(link);
    Desk desk(broker);
    rig.start();
    std::vector<data::MarketEvent> events;
    ASSERT_TRUE(desk.until([&] {
        for (auto& ev : take(feed)) events.push_back(ev);
        return events.size() >= 3;
    }));
    for (auto& ev : events) {
        const Bar& b = std::get<Bar>(ev.data);
        EXPECT_EQ(b.timeframe, Timeframe::m1);
        auto start = unix_nanos(b.start) / 1'000'000'000;
        EXPECT_EQ(start % 60, 0) << "aligned to the minute";
        EXPECT_EQ(ev.time, b.start + std::chrono::minutes(1)) << "known at its end";
        auto minute = rig.on_io([&] { return rig.sim->market().bar("AAPL", start, 60); });
        EXPECT_EQ(b.open, Price::from_double(minute.open));
        EXPECT_EQ(b.high, Price::from_double(minute.high));
        EXPECT_EQ(b.low, Price::from_double(minute.low));
        EXPECT_EQ(b.close, Price::from_double(minute.close));
    }
    EXPECT_LE(feed.stats().incomplete_bars, 1u) << "only the minute the subscription began in";
    rig.stop();
}

TEST(IbkrMarketData, BackfillComesFirstInTimeOrderMarkedAndLiveDataFollowsWithoutGoingBack) {
    Rig rig;
    auto& link = rig.make_link();
    MarketDataConfig mc;
    mc.symbols = {Symbol("AAPL"), Symbol("MSFT")};
    mc.backfill_bars = 12;
    mc.data_time_stamps = true;
    IbkrMarketData feed(link, mc);
    IbkrBroker broker(link);
    Desk desk(broker);
    rig.start();
    std::vector<data::MarketEvent> events;
    ASSERT_TRUE(desk.until([&] {
        for (auto& ev : take(feed)) events.push_back(ev);
        return feed.backfilled() && events.size() > 40;
    }));
    size_t backfill = 0;
    while (backfill < events.size() && events[backfill].backfill) ++backfill;
    EXPECT_EQ(backfill, 24u) << "12 bars for each of the two symbols, all first";
    for (size_t i = backfill; i < events.size(); ++i) EXPECT_FALSE(events[i].backfill);
    for (size_t i = 1; i < events.size(); ++i) EXPECT_LE(events[i - 1].time, events[i].time) << i;
    rig.stop();
}
