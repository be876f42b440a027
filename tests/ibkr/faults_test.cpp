// Every simulator fault, with the client recovering: no order sent twice, no fill missed,
// the ledger (built only from reported executions) equal to the simulator's positions.
#include <gtest/gtest.h>

#include "support.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::test;

namespace {
sim::Fault fault(std::string_view spec) { return sim::parse_fault(spec); }

// Every execution the simulator made, reported to the client exactly once.
void expect_each_fill_reported_once(const Loopback& lb) {
    std::map<std::string, int> seen;
    for (auto& e : lb.rec.all<ExecDetails>()) ++seen[e.exec_id];
    for (auto& e : lb.sim->broker().executions()) EXPECT_EQ(seen[e.details.exec_id], 1) << e.details.exec_id;
    EXPECT_EQ(seen.size(), lb.sim->broker().executions().size());
    EXPECT_EQ(lb.ledger(), lb.sim_positions());
}
}  // namespace

TEST(Faults, ParsesEveryFaultSpecAndRejectsUnknownOnes) {
    EXPECT_EQ(fault("drop-after:50").count, 50);
    EXPECT_EQ(fault("lost:250").duration, std::chrono::milliseconds(250));
    EXPECT_EQ(fault("restart").kind, sim::FaultKind::restart_lower_next_id);
    EXPECT_EQ(fault("reject-sells").kind, sim::FaultKind::reject_sells);
    EXPECT_EQ(fault("reject-sells").count, -1) << "every SELL from now on";
    EXPECT_EQ(fault("reject-sells:3").count, 3);
    EXPECT_EQ(sim::describe(fault("reject-sells")), "201 on every new SELL order");
    EXPECT_THROW(fault("meteor"), std::invalid_argument);
    EXPECT_THROW(fault("slow:-5"), std::invalid_argument);
}

TEST(Faults, DroppedConnectionMidStreamReconnectsAndReportsTheFillMissedMeanwhile) {
    Loopback lb;
    auto& c = lb.connect();
    int md = c.subscribe_market_data(stock("AAPL"));
    // At most 10% of each one-second bar's volume (10 to 70 shares) fills: spans the drop.
    c.place_order(market("AAPL", "BUY", 500));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<ExecDetails>() >= 1; }));
    lb.sim->inject(fault("drop-after:3"));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count_event(ConnectionEvent::disconnected) == 1; }));
    ASSERT_TRUE(lb.run_until([&] { return c.ready(); }));
    ASSERT_TRUE(lb.run_until([&] { return lb.ledger()["AAPL"] == Quantity::from_units(500); }));
    expect_each_fill_reported_once(lb);
    EXPECT_GE(c.stats().duplicate_executions, 1u) << "the re-read repeated a fill already reported";
    EXPECT_EQ(lb.sim->broker().orders().size(), 1u) << "the order was sent once";
    // The market-data line came back under its request id.
    auto before = lb.rec.count<TickPrice>();
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<TickPrice>() > before; }));
    EXPECT_EQ(lb.rec.all<TickPrice>().back().req_id, md);
}

TEST(Faults, ConnectivityLostThenRestoredWithDataMaintainedHoldsOrdersMeanwhile) {
    Loopback lb;
    auto& c = lb.connect();
    c.subscribe_market_data(stock("AAPL"));
    lb.sim->inject(fault("lost:150"));
    ASSERT_TRUE(lb.run_until([&] { return c.data_stale(); }));
    EXPECT_THROW(c.place_order(market("AAPL", "BUY", 1)), OrderRefused);
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.has_error(1102); }));
    EXPECT_FALSE(c.data_stale());
    EXPECT_EQ(c.stats().resubscriptions, 0u) << "data maintained: nothing to resubscribe";
    auto before = lb.rec.count<TickPrice>();
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<TickPrice>() > before; }));
    c.place_order(market("AAPL", "BUY", 1));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<ExecDetails>() == 1; }));
    expect_each_fill_reported_once(lb);
}

TEST(Faults, ConnectivityRestoredWithDataLostResubscribesEveryLine) {
    Loopback lb;
    auto& c = lb.connect();
    int md = c.subscribe_market_data(stock("AAPL"));
    int bars = c.subscribe_realtime_bars(stock("MSFT"));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<TickPrice>() > 0; }));
    lb.sim->inject(fault("lost-data:100"));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.has_error(1101); }));
    EXPECT_EQ(c.stats().resubscriptions, 2u);
    auto ticks = lb.rec.count<TickPrice>();
    auto rt = lb.rec.count<RealTimeBar>();
    ASSERT_TRUE(
        lb.run_until([&] { return lb.rec.count<TickPrice>() > ticks && lb.rec.count<RealTimeBar>() > rt; }));
    EXPECT_EQ(lb.rec.all<TickPrice>().back().req_id, md);
    EXPECT_EQ(lb.rec.all<RealTimeBar>().back().req_id, bars);
    EXPECT_FALSE(c.data_stale());
}

TEST(Faults, FarmDisconnectMarksDataStaleUntilTheFarmIsBack) {
    Loopback lb;
    auto& c = lb.connect();
    c.subscribe_market_data(stock("AAPL"));
    lb.sim->inject(fault("farm:100"));
    ASSERT_TRUE(lb.run_until([&] { return c.data_stale(); }));
    EXPECT_TRUE(lb.rec.has_error(2103));
    ASSERT_TRUE(lb.run_until([&] { return !c.data_stale(); }));
    EXPECT_TRUE(lb.rec.has_error(2104));
    EXPECT_EQ(lb.rec.count_event(ConnectionEvent::data_restored), 1u);
    EXPECT_TRUE(c.ready()) << "a farm notice never drops the connection";
}

TEST(Faults, PacingViolationFailsOneHistoricalRequestAndTheNextOneSucceeds) {
    Loopback lb;
    auto& c = lb.connect();
    lb.sim->inject(fault("pacing:1"));
    ReqHistoricalData r;
    r.contract = stock("AAPL");
    r.duration = "3600 S";
    int first = c.request_historical(r);
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.has_error(162); }));
    EXPECT_EQ(lb.rec.all<ErrorMsg>().back().req_id, first);
    r.contract = stock("MSFT");
    int second = c.request_historical(r);
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<HistoricalDataMsg>() == 1; }));
    EXPECT_EQ(lb.rec.all<HistoricalDataMsg>()[0].req_id, second);
    EXPECT_EQ(lb.rec.all<HistoricalDataMsg>()[0].bars.size(), 60u);
}

TEST(Faults, SlowResponsesStillDeliverEverythingInOrder) {
    Loopback lb;
    auto& c = lb.connect();
    lb.sim->inject(fault("slow:50"));
    int id = c.place_order(market("SPY", "SELL", 10));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<CommissionReport>() == 1; }));
    // TWS order of a fill: execDetails, orderStatus, openOrder, commissionReport.
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < lb.rec.messages.size(); ++i) {
        auto& m = lb.rec.messages[i];
        if (std::holds_alternative<ExecDetails>(m) || std::holds_alternative<CommissionReport>(m))
            at.push_back(i);
    }
    ASSERT_EQ(at.size(), 2u);
    EXPECT_LT(at[0], at[1]);
    EXPECT_EQ(lb.rec.all<ExecDetails>()[0].order_id, id);
    expect_each_fill_reported_once(lb);
}

TEST(Faults, DuplicateOrderIdIsReportedAndTheNextOrderUsesAFreshId) {
    Loopback lb;
    auto& c = lb.connect();
    lb.sim->inject(fault("dup-id:1"));
    int refused = c.place_order(market("AAPL", "BUY", 5));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.has_error(103); }));
    EXPECT_EQ(lb.rec.all<ErrorMsg>().back().req_id, refused);
    int next = c.place_order(market("AAPL", "BUY", 5));
    EXPECT_GT(next, refused);
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<ExecDetails>() == 1; }));
    expect_each_fill_reported_once(lb);
}

TEST(Faults, RestartWithNextValidIdGoingBackwardsNeverReusesAnId) {
    Loopback lb;
    auto& c = lb.connect();
    for (int i = 0; i < 5; ++i) c.place_order(market("AAPL", "BUY", 10));
    ASSERT_TRUE(lb.run_until([&] { return lb.ledger()["AAPL"] == Quantity::from_units(50); }));
    int used = c.next_order_id();
    lb.sim->inject(fault("restart:4"));
    EXPECT_LT(lb.sim->next_valid_id(), used) << "the server really went backwards";
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count_event(ConnectionEvent::disconnected) == 1; }));
    ASSERT_TRUE(lb.run_until([&] { return c.ready(); }));
    EXPECT_GE(c.next_order_id(), used);
    int fresh = c.place_order(market("AAPL", "SELL", 50));
    EXPECT_GE(fresh, used);
    ASSERT_TRUE(lb.run_until([&] { return lb.ledger().empty(); })) << "bought 50, sold 50";
    EXPECT_FALSE(lb.rec.has_error(103));
    expect_each_fill_reported_once(lb);
}

TEST(Faults, HeartbeatNoticesASilentServerAndReconnects) {
    Loopback lb;
    auto& c = lb.connect([](ClientConfig& cfg) {
        cfg.heartbeat = std::chrono::milliseconds(30);
        cfg.heartbeat_misses = 2;
    });
    lb.sim->inject(fault("slow:400"));  // nothing comes back within two intervals
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count_event(ConnectionEvent::disconnected) >= 1; }));
    lb.sim->inject(fault("slow:0"));
    ASSERT_TRUE(lb.run_until([&] { return c.ready(); }));
    EXPECT_GE(c.stats().heartbeats, 1u);
}

namespace {
// cancelAccountSummary (63) whose reqId is not a number: what a buggy client might send.
struct GarbledCancelAccountSummary {
    static constexpr int id = 63, version = 1;
    [[maybe_unused]] static constexpr const char* name = "GARBLED";  // the message shape has one
    std::string req_id = "x1";
    template <class F>
    void visit(F& f) {
        f("reqId", req_id);
    }
};
}  // namespace

TEST(Faults, GarbledRequestGets320AndTheSessionGoesOn) {
    Loopback lb;
    auto& c = lb.connect();
    c.send(GarbledCancelAccountSummary{});
    c.request_current_time();
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.has_error(320) && lb.rec.count<CurrentTime>() == 1; }));
    EXPECT_EQ(lb.sim->stats().decode_errors, 1u);
    EXPECT_TRUE(c.ready());
}
