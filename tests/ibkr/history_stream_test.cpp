// keepUpToDate historical bars: the history, then historicalDataUpdate (id 90) for the bar
// now forming; restored after a reconnect, ended by cancelHistoricalData.
#include <gtest/gtest.h>

#include "support.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::test;

namespace {

ReqHistoricalData minute_bars(std::string symbol, std::string duration = "3600 S") {
    ReqHistoricalData r;
    r.contract = stock(std::move(symbol));
    r.bar_size = "1 min";
    r.duration = std::move(duration);
    return r;
}

std::vector<HistoricalDataUpdate> updates_for(const Recorder& rec, int req_id) {
    std::vector<HistoricalDataUpdate> out;
    for (auto& u : rec.all<HistoricalDataUpdate>())
        if (u.req_id == req_id) out.push_back(u);
    return out;
}

// Quick re-requests for tests: IBKR's 15 s identical-request rule, shortened on both sides.
void short_pacing(sim::SimConfig& s) { s.identical_hist_window = std::chrono::milliseconds(10); }
void short_pacing(ClientConfig& c) { c.historical_pacing.identical_window = std::chrono::milliseconds(10); }

}  // namespace

TEST(HistoryStream, HistoryThenUpdatesOfTheBarFormingAfterIt) {
    Loopback lb;
    auto& c = lb.connect();
    int id = c.subscribe_historical(minute_bars("AAPL"));
    ASSERT_TRUE(lb.run_until([&] { return updates_for(lb.rec, id).size() >= 2; }));
    auto history = lb.rec.all<HistoricalDataMsg>();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].bars.size(), 60u);
    auto first = updates_for(lb.rec, id)[0];
    EXPECT_EQ(first.bar.date, history[0].end) << "the first update is the bar right after the history";
    EXPECT_GE(first.bar.high, first.bar.low);
}

TEST(HistoryStream, ANewBarStartsOneBarSizeAfterThePrevious) {
    Loopback lb;
    auto& c = lb.connect();
    int id = c.subscribe_historical(minute_bars("MSFT"));
    ASSERT_TRUE(lb.run_until([&] {
        auto u = updates_for(lb.rec, id);
        return !u.empty() && u.back().bar.date != u.front().bar.date;
    }));
    auto u = updates_for(lb.rec, id);
    std::string first = u.front().bar.date, next = u.back().bar.date;
    // "yyyyMMdd HH:mm:ss": one minute later (the simulator starts on a whole minute).
    EXPECT_EQ(next.substr(0, 9), first.substr(0, 9));
    EXPECT_EQ(std::stoi(next.substr(9, 2)) * 60 + std::stoi(next.substr(12, 2)),
              std::stoi(first.substr(9, 2)) * 60 + std::stoi(first.substr(12, 2)) + 1);
}

TEST(HistoryStream, EpochDatesWhenFormatDateIsTwo) {
    Loopback lb;
    auto& c = lb.connect();
    auto r = minute_bars("SPY");
    r.format_date = 2;
    int id = c.subscribe_historical(r);
    ASSERT_TRUE(lb.run_until([&] { return !updates_for(lb.rec, id).empty(); }));
    int64_t start = std::stoll(updates_for(lb.rec, id)[0].bar.date);
    EXPECT_EQ(start % 60, 0);
    EXPECT_LE(start, lb.sim->now());
}

TEST(HistoryStream, CancelStopsTheUpdatesWithoutAnError) {
    Loopback lb;
    auto& c = lb.connect();
    int id = c.subscribe_historical(minute_bars("AAPL"));
    ASSERT_TRUE(lb.run_until([&] { return !updates_for(lb.rec, id).empty(); }));
    c.cancel_subscription(id);
    lb.run_for(std::chrono::milliseconds(30));  // let in-flight updates land
    auto after_cancel = updates_for(lb.rec, id).size();
    lb.run_for(std::chrono::milliseconds(100));  // 20 simulated seconds
    EXPECT_EQ(updates_for(lb.rec, id).size(), after_cancel);
    EXPECT_FALSE(lb.rec.has_error(366)) << "the simulator knew the stream it was cancelling";
}

TEST(HistoryStream, RestoredUnderItsRequestIdAfterADroppedConnection) {
    Loopback lb([](sim::SimConfig& s) { short_pacing(s); });
    auto& c = lb.connect([](ClientConfig& cfg) { short_pacing(cfg); });
    int id = c.subscribe_historical(minute_bars("AAPL"));
    ASSERT_TRUE(lb.run_until([&] { return !updates_for(lb.rec, id).empty(); }));
    lb.sim->inject(sim::parse_fault("drop-after:1"));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count_event(ConnectionEvent::disconnected) == 1; }));
    ASSERT_TRUE(lb.run_until([&] { return c.ready(); }));
    auto before = updates_for(lb.rec, id).size();
    ASSERT_TRUE(lb.run_until(
        [&] { return lb.rec.count<HistoricalDataMsg>() == 2 && updates_for(lb.rec, id).size() > before; }));
    EXPECT_EQ(lb.rec.all<HistoricalDataMsg>()[1].req_id, id) << "the history again, to fill the gap";
    EXPECT_EQ(lb.rec.count<HistoricalDataMsg>(), 2u) << "asked again once, not twice";
}

TEST(HistoryStream, RestoredAfterConnectivityReturnsWithDataLost) {
    Loopback lb([](sim::SimConfig& s) { short_pacing(s); });
    auto& c = lb.connect([](ClientConfig& cfg) { short_pacing(cfg); });
    int id = c.subscribe_historical(minute_bars("QQQ"));
    ASSERT_TRUE(lb.run_until([&] { return !updates_for(lb.rec, id).empty(); }));
    lb.sim->inject(sim::parse_fault("lost-data:50"));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.has_error(1101); }));
    auto before = updates_for(lb.rec, id).size();
    ASSERT_TRUE(lb.run_until(
        [&] { return lb.rec.count<HistoricalDataMsg>() == 2 && updates_for(lb.rec, id).size() > before; }));
}

TEST(HistoryStream, EndDateIsRefusedByTheClientAndByTheSimulator) {
    Loopback lb;
    auto& c = lb.connect();
    auto r = minute_bars("AAPL");
    r.end_date_time = "20250102 15:00:00";
    EXPECT_THROW(c.subscribe_historical(r), std::invalid_argument);
    r.req_id = 77;
    r.keep_up_to_date = true;
    c.send(r);  // straight to the wire, as another client might
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.has_error(321); }));
    EXPECT_EQ(lb.rec.all<ErrorMsg>().back().req_id, 77);
    EXPECT_EQ(lb.rec.count<HistoricalDataMsg>(), 0u);
}

TEST(HistoryStream, QueuedOneShotRequestCanBeCancelledBeforeItIsSent) {
    Loopback lb;
    auto& c = lb.connect();
    int first = c.request_historical(minute_bars("AAPL"));
    int twin = c.request_historical(minute_bars("AAPL"));  // identical: held 15 s by the pacer
    c.cancel_subscription(twin);
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<HistoricalDataMsg>() == 1; }));
    EXPECT_EQ(lb.rec.all<HistoricalDataMsg>()[0].req_id, first);
    lb.run_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(lb.rec.has_error(162)) << "the twin never reached the simulator";
    EXPECT_FALSE(lb.rec.has_error(366));
}
