// The client against the simulator on loopback: the same scenarios the @stoqey/ib
// conformance script runs, plus pacing, live safety and the handshake rules.
#include <gtest/gtest.h>

#include "support.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::test;

TEST(Client, BecomesReadyWithThePaperAccountAndNextValidId) {
    Loopback lb;
    auto& c = lb.connect();
    EXPECT_EQ(c.server_version(), 176);
    EXPECT_EQ(c.accounts(), std::vector<std::string>{"DU1234567"});
    EXPECT_EQ(c.next_order_id(), 1);
    EXPECT_EQ(lb.rec.count_event(ConnectionEvent::connected), 1u);
}

TEST(Client, RefusesAServerThatAnswersAnyVersionButOneSeventySix) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acc(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    boost::asio::ip::tcp::socket peer(io);
    std::array<char, 64> buf{};
    std::string reply = encode_server_hello({175, "20250102 09:30:00 EST"});
    acc.async_accept(peer, [&](auto ec) {
        ASSERT_FALSE(ec);
        peer.async_read_some(boost::asio::buffer(buf), [&](auto, std::size_t) {
            boost::asio::write(peer, boost::asio::buffer(reply));
        });
    });
    ClientConfig cfg;
    cfg.port = acc.local_endpoint().port();
    Client c(io, cfg);
    bool gave_up = false;
    c.on_event = [&](ConnectionEvent e) { gave_up |= e == ConnectionEvent::gave_up; };
    c.connect();
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (!gave_up && std::chrono::steady_clock::now() < end) io.run_for(std::chrono::milliseconds(5));
    EXPECT_TRUE(gave_up);
    EXPECT_FALSE(c.ready());
}

TEST(Client, StreamsLevelOneTicksTickByTickAndFiveSecondBars) {
    Loopback lb;
    auto& c = lb.connect();
    int md = c.subscribe_market_data(stock("AAPL"));
    int tbt = c.subscribe_tick_by_tick(stock("MSFT"), "BidAsk");
    int bars = c.subscribe_realtime_bars(stock("SPY"));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<RealTimeBar>() >= 2; }));
    auto ticks = lb.rec.all<TickPrice>();
    ASSERT_FALSE(ticks.empty());
    EXPECT_EQ(ticks.front().req_id, md);
    for (auto& t : lb.rec.all<TickByTick>()) {
        EXPECT_EQ(t.req_id, tbt);
        EXPECT_EQ(t.type, 3);
        EXPECT_LT(t.bid, t.ask);
    }
    auto rb = lb.rec.all<RealTimeBar>();
    EXPECT_EQ(rb[0].req_id, bars);
    EXPECT_EQ(rb[1].time - rb[0].time, 5);
    EXPECT_LE(rb[0].low, rb[0].high);
}

TEST(Client, CancelledSubscriptionStopsItsTicks) {
    Loopback lb;
    auto& c = lb.connect();
    int md = c.subscribe_market_data(stock("AAPL"));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<TickPrice>() > 0; }));
    c.cancel_subscription(md);
    lb.run_for(std::chrono::milliseconds(30));
    auto before = lb.rec.count<TickPrice>();
    lb.run_for(std::chrono::milliseconds(60));
    EXPECT_EQ(lb.rec.count<TickPrice>(), before);
}

TEST(Client, HistoricalBarsArriveOnceAndAnIdenticalRequestWaitsItsFifteenSeconds) {
    Loopback lb;
    auto& c = lb.connect();
    ReqHistoricalData r;
    r.contract = stock("AAPL");
    r.bar_size = "5 mins";
    r.duration = "1 D";
    int first = c.request_historical(r);
    c.request_historical(r);  // identical: the client holds it back
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<HistoricalDataMsg>() >= 1; }));
    lb.run_for(std::chrono::milliseconds(100));
    auto h = lb.rec.all<HistoricalDataMsg>();
    ASSERT_EQ(h.size(), 1u);
    EXPECT_EQ(h[0].req_id, first);
    EXPECT_EQ(h[0].bars.size(), 288u);  // one day of 5-minute bars
    EXPECT_FALSE(lb.rec.has_error(162)) << "the simulator never had to enforce pacing";
    EXPECT_GE(c.stats().historical_deferred, 1u);
}

TEST(Client, ContractDetailsForAKnownSymbolAnd200ForAnUnknownOne) {
    Loopback lb;
    auto& c = lb.connect();
    int ok = c.request_contract_details(stock("AAPL"));
    int bad = c.request_contract_details(stock("NOSUCH"));
    ASSERT_TRUE(
        lb.run_until([&] { return lb.rec.count<ContractDetailsEnd>() == 1 && lb.rec.has_error(200); }));
    auto d = lb.rec.all<ContractDetailsMsg>();
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].req_id, ok);
    EXPECT_EQ(d[0].contract.symbol, "AAPL");
    EXPECT_EQ(lb.rec.all<ErrorMsg>().back().req_id, bad);
}

TEST(Client, MarketOrderFillsWithExecutionCommissionAndPosition) {
    // No volume cap: the whole order fills on the first one-second bar after it.
    Loopback lb([](sim::SimConfig& s) { s.broker.fills.max_volume_share_bps = 0; });
    auto& c = lb.connect();
    c.subscribe_positions();
    int id = c.place_order(market("AAPL", "BUY", 100));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<CommissionReport>() == 1; }));
    auto ex = lb.rec.all<ExecDetails>();
    ASSERT_EQ(ex.size(), 1u);
    EXPECT_EQ(ex[0].order_id, id);
    EXPECT_EQ(ex[0].shares, Quantity::from_units(100));
    EXPECT_EQ(lb.rec.all<CommissionReport>()[0].exec_id, ex[0].exec_id);
    bool filled = false;
    for (auto& s : lb.rec.all<OrderStatusMsg>()) filled |= s.order_id == id && s.status == "Filled";
    EXPECT_TRUE(filled);
    ASSERT_TRUE(lb.run_until([&] {
        auto p = lb.rec.all<PositionMsg>();
        return !p.empty() && p.back().position == Quantity::from_units(100);
    }));
    EXPECT_EQ(lb.ledger(), lb.sim_positions());
}

TEST(Client, RestingLimitOrderIsModifiedThenCancelled) {
    Loopback lb;
    auto& c = lb.connect();
    auto o = limit("MSFT", "BUY", 10, 1.00);  // far below the market: rests
    o.order_id = c.place_order(o);
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<OpenOrder>() >= 1; }));
    o.total_quantity = Quantity::from_units(20);
    o.lmt_price = 2.00;
    c.modify_order(o);
    ASSERT_TRUE(lb.run_until([&] {
        auto oo = lb.rec.all<OpenOrder>();
        return oo.size() >= 2 && oo.back().lmt_price == 2.00;
    }));
    EXPECT_EQ(lb.rec.all<OpenOrder>().back().total_quantity, Quantity::from_units(20));
    c.cancel_order(o.order_id);
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.has_error(202); }));
    EXPECT_EQ(lb.rec.all<OrderStatusMsg>().back().status, "Cancelled");
    EXPECT_EQ(lb.rec.count<ExecDetails>(), 0u);
}

TEST(Client, GlobalCancelCancelsEveryWorkingOrder) {
    Loopback lb;
    auto& c = lb.connect();
    c.place_order(limit("AAPL", "BUY", 1, 1.0));
    c.place_order(limit("MSFT", "BUY", 1, 1.0));
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<OpenOrder>() >= 2; }));
    c.cancel_all_orders();
    ASSERT_TRUE(lb.run_until([&] {
        int n = 0;
        for (auto& e : lb.rec.all<ErrorMsg>()) n += e.code == 202;
        return n == 2;
    }));
    for (auto& [id, o] : lb.sim->broker().orders()) EXPECT_EQ(o.status, "Cancelled");
}

TEST(Client, AccountSummaryReportsCashAndNetLiquidation) {
    Loopback lb;
    auto& c = lb.connect();
    int id = c.subscribe_account_summary("NetLiquidation,TotalCashValue");
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<AccountSummaryEnd>() == 1; }));
    auto rows = lb.rec.all<AccountSummaryMsg>();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].req_id, id);
    EXPECT_EQ(rows[0].account, "DU1234567");
    EXPECT_EQ(rows[1].tag, "TotalCashValue");
    EXPECT_EQ(rows[1].value, "1000000.00");
}

TEST(Client, CurrentTimeAnswersWithTheSimulatorClock) {
    Loopback lb;
    auto& c = lb.connect();
    c.request_current_time();
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<CurrentTime>() == 1; }));
    EXPECT_GE(lb.rec.all<CurrentTime>()[0].epoch_seconds, lb.sim_cfg.start_time);
}

TEST(ClientSafety, PaperModeRefusesAnOrderToALiveAccount) {
    Loopback lb;
    auto& c = lb.connect();
    auto o = market("AAPL", "BUY", 1);
    o.account = "U7654321";
    EXPECT_THROW(c.place_order(o), OrderRefused);
    lb.run_for(std::chrono::milliseconds(20));
    EXPECT_TRUE(lb.sim->broker().orders().empty()) << "nothing reached the wire";
}

TEST(ClientSafety, LiveModeRefusesToStartWithoutConfirmation) {
    boost::asio::io_context io;
    ClientConfig cfg;
    cfg.mode = TradingMode::live;
    EXPECT_THROW(Client(io, cfg), std::invalid_argument);
}

TEST(ClientSafety, LiveModeRefusesAPaperAccount) {
    Loopback lb;
    auto& c = lb.connect([](ClientConfig& cfg) {
        cfg.mode = TradingMode::live;
        cfg.live_confirmed = true;
    });
    EXPECT_THROW(c.place_order(market("AAPL", "BUY", 1)), OrderRefused);
}

TEST(ClientSafety, AnOrderIdIsNeverReused) {
    Loopback lb;
    auto& c = lb.connect();
    int id = c.place_order(limit("AAPL", "BUY", 1, 1.0));
    auto again = limit("AAPL", "BUY", 1, 1.0);
    again.order_id = id;
    EXPECT_THROW(c.place_order(again), OrderRefused);
    EXPECT_GT(c.next_order_id(), id);
}

TEST(Client, SecondClientWithTheSameIdGets326AndRetriesWithTheNextId) {
    Loopback lb;
    lb.connect();
    Client second(lb.io, lb.client_config(1));
    std::vector<ConnectionEvent> events;
    second.on_event = [&](ConnectionEvent e) { events.push_back(e); };
    second.connect();
    ASSERT_TRUE(lb.run_until([&] { return second.ready(); }));
    EXPECT_EQ(second.client_id(), 2);
    EXPECT_EQ(events.front(), ConnectionEvent::client_id_in_use);
}

TEST(Client, OutgoingMessagesAreRateLimited) {
    Loopback lb([](sim::SimConfig& s) { s.max_messages_per_second = 50; });
    auto& c = lb.connect([](ClientConfig& cfg) { cfg.max_messages_per_second = 40; });
    for (int i = 0; i < 60; ++i) c.request_current_time();
    ASSERT_TRUE(lb.run_until([&] { return lb.rec.count<CurrentTime>() == 60; }));
    EXPECT_FALSE(lb.rec.has_error(100)) << "the simulator enforces 50/s; the client kept under it";
    EXPECT_GE(c.stats().rate_limited, 1u);
}

// ------------------------------------------------------------------- pacing units

TEST(TokenBucket, AllowsABurstThenOneTokenPerInterval) {
    TokenBucket b(50, 50);
    SteadyTime t{};
    int taken = 0;
    while (b.try_take(t)) ++taken;
    EXPECT_EQ(taken, 50);
    EXPECT_NEAR(std::chrono::duration<double>(b.wait(t)).count(), 0.02, 1e-6);
    EXPECT_TRUE(b.try_take(t + std::chrono::milliseconds(20)));
    EXPECT_FALSE(b.try_take(t + std::chrono::milliseconds(20)));
}

TEST(HistoricalPacer, IdenticalRequestWaitsFifteenSeconds) {
    HistoricalPacer p;
    SteadyTime t{};
    EXPECT_EQ(p.admit("AAPL|1 min", t), std::nullopt);
    p.completed();
    auto when = p.admit("AAPL|1 min", t + std::chrono::seconds(5));
    ASSERT_TRUE(when);
    EXPECT_EQ(*when, t + std::chrono::seconds(15));
    EXPECT_EQ(p.admit("AAPL|1 min", t + std::chrono::seconds(15)), std::nullopt);
}

TEST(HistoricalPacer, SixtyFirstRequestInTenMinutesWaitsForTheOldestToAge) {
    HistoricalPacer p;
    SteadyTime t{};
    for (int i = 0; i < 60; ++i) {
        ASSERT_EQ(p.admit(std::string("req").append(std::to_string(i)), t + std::chrono::seconds(i)),
                  std::nullopt);
        p.completed();
    }
    auto when = p.admit("req60", t + std::chrono::seconds(60));
    ASSERT_TRUE(when);
    EXPECT_EQ(*when, t + std::chrono::minutes(10));
}

TEST(HistoricalPacer, FiftyFirstOpenRequestWaits) {
    HistoricalPacer p;
    SteadyTime t{};
    for (int i = 0; i < 50; ++i)
        ASSERT_EQ(p.admit(std::string("r").append(std::to_string(i)), t), std::nullopt);
    EXPECT_TRUE(p.admit("r50", t));
    p.completed();
    EXPECT_EQ(p.admit("r50", t), std::nullopt);
}

TEST(ResetWindow, CoversTheNorthAmericanDailyResetOnly) {
    ResetWindow w;
    EXPECT_TRUE(w.contains(from_civil(2025, 1, 7, 5, 30)));    // Tue 00:30 New York (EST)
    EXPECT_FALSE(w.contains(from_civil(2025, 1, 7, 7, 0)));    // Tue 02:00 New York
    EXPECT_FALSE(w.contains(from_civil(2025, 1, 11, 5, 30)));  // Saturday: weekend maintenance instead
    EXPECT_TRUE(w.contains(from_civil(2025, 7, 8, 4, 30)));    // Tue 00:30 New York (EDT)
}
