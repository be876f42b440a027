// IbkrBroker::modify through the TWS simulator on loopback: a modification goes out as a
// placeOrder under the same order id (never a second order), is confirmed when TWS shows
// the new terms, and when refused or not sendable leaves the order working on its old
// terms. The simulator's clock is stepped by hand here, so what fills when is decided by
// the test, not by timing.
#include <cmath>

#include "live_support.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::live_test;

namespace {
using Kind = exec::BrokerEvent::Kind;

// A simulator whose market only moves when the test calls step().
Rig hand_stepped() {
    return Rig([](sim::SimConfig& sc) { sc.step = std::chrono::hours(1); });
}

Price cents(double v) { return Price::from_double(std::round(v * 100) / 100); }

// Asks for `amended` as the engine would: the order manager's request, then the broker.
bool modify(Desk& desk, const Order& amended) {
    desk.orders.request_modify(amended, wall_now());
    return desk.broker.modify(amended, wall_now());
}

Order limit_buy(const char* symbol, int qty, Price limit) {
    Order o;
    o.symbol = Symbol(symbol);
    o.side = Side::buy;
    o.type = OrderType::limit;
    o.tif = TimeInForce::gtc;
    o.quantity = Quantity::from_units(qty);
    o.limit = limit;
    return o;
}

struct SimView {
    Rig& rig;
    double mid(const char* symbol) {
        return rig.on_io([&] { return rig.sim->market().mid(symbol, rig.sim->now()); });
    }
    void step(int seconds = 1) {
        rig.on_io([&] {
            for (int i = 0; i < seconds; ++i) rig.sim->step();
        });
    }
    // The simulator's copy of our order (by orderRef).
    sim::SimOrder order(const std::string& client_id) {
        return rig.on_io([&] {
            for (auto& [id, o] : rig.sim->broker().orders())
                if (o.order_ref == client_id) return o;
            throw std::runtime_error("the simulator has no order " + client_id);
        });
    }
    // Steps until the simulator has filled some of the order (a second's bar may be thin).
    void step_until_some_filled(const std::string& client_id) {
        for (int i = 0; i < 200 && order(client_id).filled.is_zero(); ++i) step();
    }
};

size_t count(const Desk& desk, Kind k) {
    size_t n = 0;
    for (auto& e : desk.all_events) n += e.kind == k;
    return n;
}

void expect_each_order_reached_the_simulator_once(Rig& rig) {
    for (auto& [ref, n] : rig.sim_orders_by_ref()) EXPECT_EQ(n, 1) << ref << " reached the simulator once";
}
}  // namespace

// Every test: the hand-stepped simulator, an IbkrBroker on it and a desk, connected.
class IbkrBrokerModify : public ::testing::Test {
protected:
    void SetUp() override {
        rig.start();
        ASSERT_TRUE(desk.until([&] { return broker.connection() == exec::BrokerConnection::connected; }));
    }
    Rig rig = hand_stepped();
    IbkrBroker broker{rig.make_link()};
    Desk desk{broker};
    SimView sim{rig};
};

TEST_F(IbkrBrokerModify, ConfirmedWhenTwsShowsTheNewTermsAndFillsOnThem) {
    const double mid = sim.mid("AAPL");
    const Price far_below = cents(mid * 0.5), above = cents(mid * 1.5);
    auto id = desk.place(limit_buy("AAPL", 20, far_below));
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::accepted; }));
    sim.step(3);  // a limit at half the price does not fill
    ASSERT_TRUE(desk.until([&] { return broker.working_orders() == 1; }));
    EXPECT_TRUE(desk.order(id).filled.is_zero());

    Order amended = desk.order(id).order;
    amended.limit = above;
    ASSERT_TRUE(modify(desk, amended));
    ASSERT_TRUE(desk.until([&] { return count(desk, Kind::modified) == 1; }));
    EXPECT_EQ(*desk.order(id).order.limit, above);
    EXPECT_FALSE(desk.order(id).pending_modify);
    EXPECT_EQ(cents(*sim.order(id).lmt), above) << "the simulator works the new limit";

    sim.step(40);
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::filled; }));
    ASSERT_GE(desk.fills, 1u);
    for (auto& e : desk.all_events)
        if (e.kind == Kind::fill) {
            EXPECT_LE(e.fill.price, above) << "filled under the new limit";
            EXPECT_GT(e.fill.price, far_below) << "the old limit could not have filled";
        }
    EXPECT_EQ(broker.stats().placed, 1u);
    EXPECT_EQ(broker.stats().modifies_sent, 1u);
    EXPECT_EQ(broker.stats().modifies_confirmed, 1u);
    EXPECT_EQ(desk.refused_events, 0u);
    expect_each_order_reached_the_simulator_once(rig);
    EXPECT_EQ(desk.positions(), rig.sim_positions());
    rig.stop();
}

TEST_F(IbkrBrokerModify, RefusedBySimulatorLeavesTheOrderWorkingOnItsOldTerms) {
    auto id = desk.buy("AAPL", 600);  // a market order filled a few tens of shares a second
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::accepted; }));
    // Some shares fill at TWS before our ledger hears of them; a quantity below what TWS
    // has filled passes our checks but not TWS's (201).
    sim.step_until_some_filled(id);
    ASSERT_FALSE(sim.order(id).filled.is_zero());
    Order amended = desk.order(id).order;
    amended.quantity = Quantity::from_units(1);
    ASSERT_TRUE(modify(desk, amended));
    ASSERT_TRUE(desk.until([&] { return count(desk, Kind::modify_rejected) == 1; }));
    std::string reason;
    for (auto& e : desk.all_events)
        if (e.kind == Kind::modify_rejected) reason = e.reason;
    EXPECT_EQ(reason.rfind("201:", 0), 0u) << reason;
    EXPECT_EQ(desk.order(id).order.quantity, Quantity::from_units(600));
    EXPECT_FALSE(desk.order(id).pending_modify);
    EXPECT_EQ(sim.order(id).total, Quantity::from_units(600));

    for (int i = 0; i < 5000 && sim.order(id).filled < Quantity::from_units(600); ++i) sim.step();
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::filled; }));
    EXPECT_EQ(desk.ledger.quantity(Symbol("AAPL")), Quantity::from_units(600)) << "the old quantity filled";
    EXPECT_EQ(broker.stats().modifies_refused, 1u);
    EXPECT_EQ(count(desk, Kind::modified), 0u);
    EXPECT_EQ(desk.refused_events, 0u);
    EXPECT_EQ(desk.fills, rig.sim_executions()) << "no fill lost around the refused modification";
    expect_each_order_reached_the_simulator_once(rig);
    rig.stop();
}

TEST_F(IbkrBrokerModify, ModificationWhileDisconnectedIsRefusedAndNothingIsSent) {
    const Price far_below = cents(sim.mid("AAPL") * 0.5);
    auto id = desk.place(limit_buy("AAPL", 20, far_below));
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::accepted; }));
    rig.on_io([&] { rig.sim->stop(); });  // TWS goes away; the client retries in vain
    ASSERT_TRUE(desk.until([&] { return broker.connection() == exec::BrokerConnection::disconnected; }));

    Order amended = desk.order(id).order;
    amended.limit = cents(sim.mid("AAPL") * 0.6);
    ASSERT_TRUE(modify(desk, amended));
    ASSERT_TRUE(desk.until([&] { return count(desk, Kind::modify_rejected) == 1; }));
    std::string reason;
    for (auto& e : desk.all_events)
        if (e.kind == Kind::modify_rejected) reason = e.reason;
    EXPECT_NE(reason.find("not connected"), std::string::npos) << reason;
    EXPECT_EQ(desk.order(id).status, OrderStatus::accepted) << "still working";
    EXPECT_EQ(*desk.order(id).order.limit, far_below);
    EXPECT_EQ(broker.stats().modifies_sent, 0u);
    EXPECT_EQ(broker.working_orders(), 1u);
    rig.stop();
}

TEST_F(IbkrBrokerModify, ModificationsGoOneAtATimeEachConfirmedUnderTheSameOrderId) {
    const Price far_below = cents(sim.mid("MSFT") * 0.5);
    auto id = desk.place(limit_buy("MSFT", 10, far_below));
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::accepted; }));
    Order amended = desk.order(id).order;
    amended.limit = cents(sim.mid("MSFT") * 0.55);
    ASSERT_TRUE(modify(desk, amended));
    EXPECT_THROW(desk.orders.request_modify(amended, wall_now()), exec::OrderError)
        << "one modification at a time";
    ASSERT_TRUE(desk.until([&] { return count(desk, Kind::modified) == 1; }));
    amended.limit = cents(sim.mid("MSFT") * 0.6);
    ASSERT_TRUE(modify(desk, amended));
    ASSERT_TRUE(desk.until([&] { return count(desk, Kind::modified) == 2; }));
    EXPECT_EQ(*desk.order(id).order.limit, *amended.limit);
    EXPECT_EQ(desk.order(id).modifications, 2);
    EXPECT_EQ(cents(*sim.order(id).lmt), *amended.limit);
    EXPECT_EQ(broker.stats().placed, 1u);
    expect_each_order_reached_the_simulator_once(rig);
    rig.stop();
}

TEST_F(IbkrBrokerModify, FillsRacingARaiseOfTheQuantityAreNeitherLostNorDoubled) {
    auto id = desk.buy("AAPL", 300);  // a market order filled a few tens of shares a second
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::accepted; }));
    sim.step_until_some_filled(id);
    Order amended = desk.order(id).order;
    amended.quantity = Quantity::from_units(400);
    ASSERT_TRUE(modify(desk, amended));
    sim.step(3);  // queued behind the modification on the simulator's thread: fills race it
    ASSERT_TRUE(desk.until([&] { return count(desk, Kind::modified) == 1; }));
    for (int i = 0; i < 5000 && sim.order(id).filled < Quantity::from_units(400); ++i) sim.step();
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::filled; }));
    EXPECT_EQ(desk.order(id).order.quantity, Quantity::from_units(400));
    EXPECT_EQ(desk.ledger.quantity(Symbol("AAPL")), Quantity::from_units(400));
    EXPECT_EQ(desk.fills, rig.sim_executions()) << "every execution booked once";
    EXPECT_EQ(desk.refused_events, 0u) << "no over-fill, no answer out of place";
    EXPECT_EQ(broker.working_orders(), 0u);
    expect_each_order_reached_the_simulator_once(rig);
    rig.stop();
}

TEST_F(IbkrBrokerModify, ModificationAnsweredAcrossADropIsConfirmedExactlyOnce) {
    const Price far_below = cents(sim.mid("AAPL") * 0.5), less_far = cents(sim.mid("AAPL") * 0.6);
    auto id = desk.place(limit_buy("AAPL", 20, far_below));
    ASSERT_TRUE(desk.until([&] { return desk.order(id).status == OrderStatus::accepted; }));
    rig.inject("drop-after:1");  // TWS applies the modification, answers once and drops us
    Order amended = desk.order(id).order;
    amended.limit = less_far;
    ASSERT_TRUE(modify(desk, amended));
    // Confirmed by the answer or, if the drop swallowed it, by the open-order re-read.
    ASSERT_TRUE(desk.until([&] { return broker.stats().reconnect_resyncs >= 1 && broker.settled(); }));
    ASSERT_TRUE(desk.until([&] { return count(desk, Kind::modified) == 1; }));
    EXPECT_EQ(count(desk, Kind::modify_rejected), 0u);
    EXPECT_EQ(*desk.order(id).order.limit, less_far);
    EXPECT_EQ(cents(*sim.order(id).lmt), less_far);
    EXPECT_EQ(desk.order(id).status, OrderStatus::accepted) << "still working after the reconnect";
    EXPECT_EQ(desk.refused_events, 0u);
    expect_each_order_reached_the_simulator_once(rig);
    rig.stop();
}
