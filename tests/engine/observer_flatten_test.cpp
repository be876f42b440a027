// What the engine tells its observers (state changes, broker connection changes) and the
// operator's flatten: working orders cancelled, positions closed through the gate.
#include <gtest/gtest.h>

#include "engine/fixtures.hpp"
#include "robo/log/memory_audit_sink.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {

VectorFeed flat_days(int days, const char* symbol = "AAA") {
    VectorFeed feed;
    for (int i = 0; i < days; ++i) feed.add(daily(symbol, i, "10", "11", "9", "10"));
    feed.seal();
    return feed;
}

struct Recorder final : EngineObserver {
    std::vector<std::pair<EngineState, EngineState>> states;
    std::vector<std::pair<exec::BrokerConnection, exec::BrokerConnection>> connections;
    std::vector<Timestamp> connection_times;
    void on_state(EngineState from, EngineState to, Timestamp) override { states.emplace_back(from, to); }
    void on_broker_connection(std::string_view, exec::BrokerConnection from, exec::BrokerConnection to,
                              Timestamp t) override {
        connections.emplace_back(from, to);
        connection_times.push_back(t);
    }
};

// The paper broker behind a connection an outside hand can cut and restore.
struct FlakyBroker final : exec::Broker {
    explicit FlakyBroker(exec::Broker& wrapped) : inner(wrapped) {}
    std::string_view name() const noexcept override { return "flaky"; }
    exec::BrokerConnection connection() const noexcept override { return state; }
    void submit(const Order& o, Timestamp t) override { inner.submit(o, t); }
    bool cancel(std::string_view id, Timestamp t) override { return inner.cancel(id, t); }
    bool modify(const Order& o, Timestamp t) override { return inner.modify(o, t); }
    void poll(std::vector<exec::BrokerEvent>& out) override { inner.poll(out); }
    size_t working_orders() const noexcept override { return inner.working_orders(); }
    void on_bar(const Bar& b) override { inner.on_bar(b); }
    exec::Broker& inner;
    exec::BrokerConnection state = exec::BrokerConnection::connected;
};

// One event per loop turn, so an action posted from a strategy runs before the next event.
EngineConfig one_by_one() {
    auto c = Rig::quiet();
    c.batch = 1;
    return c;
}

size_t count(const log::MemoryAuditSink& audit, std::string_view kind) {
    size_t n = 0;
    for (const auto& e : audit.entries) n += e.kind == kind;
    return n;
}

}  // namespace

TEST(EngineObserver, SeesEveryStateChangeInOrder) {
    Rig rig([](strategy::Context&, const Bar&, int) {});
    auto feed = flat_days(3);
    Recorder rec;
    rig.engine().set_observer(&rec);
    rig.run(feed);
    using S = EngineState;
    std::vector<std::pair<S, S>> expected{{S::initializing, S::ready},
                                          {S::ready, S::running},
                                          {S::running, S::stopping},
                                          {S::stopping, S::stopped}};
    EXPECT_EQ(rec.states, expected);
}

TEST(EngineObserver, HearsTheBrokerDisconnectAndReconnectAtTheDataTimeItHappened) {
    exec::PaperBroker paper(Rig::no_costs());
    FlakyBroker broker(paper);
    Rig rig(
        [&](strategy::Context&, const Bar&, int i) {
            if (i == 2) broker.state = exec::BrokerConnection::disconnected;
            if (i == 4) broker.state = exec::BrokerConnection::connected;
        },
        {.through = &broker});
    auto feed = flat_days(6);
    Recorder rec;
    rig.engine().set_observer(&rec);
    rig.run(feed);
    using C = exec::BrokerConnection;
    std::vector<std::pair<C, C>> expected{{C::connected, C::disconnected}, {C::disconnected, C::connected}};
    EXPECT_EQ(rec.connections, expected);
    // Noticed at the next poll of the broker: the bar after the one that cut it.
    ASSERT_EQ(rec.connection_times.size(), 2u);
    EXPECT_EQ(rec.connection_times[0], bar_known_at(daily("AAA", 3, "10", "11", "9", "10")));
}

TEST(EngineFlatten, ClosesEveryPositionWithAMarketOrderAndDoesNotReEnter) {
    Engine* engine = nullptr;
    TraderConfig tc;
    tc.position_fraction = 0.2;
    Rig rig(
        [&](strategy::Context& ctx, const Bar& bar, int i) {
            ctx.signal(want(bar, Direction::long_));  // the strategy keeps wanting to be long
            if (i == 3 && bar.symbol == Symbol("BBB")) engine->flatten("operator test");
        },
        {.trader = tc, .engine = one_by_one()});
    VectorFeed feed;
    for (int i = 0; i < 8; ++i) {
        feed.add(daily("AAA", i, "10", "11", "9", "10"));
        feed.add(daily("BBB", i, "20", "21", "19", "20"));
    }
    feed.seal();
    engine = &rig.engine();
    rig.run(feed);
    EXPECT_TRUE(rig.portfolio.quantity(Symbol("AAA")).is_zero());
    EXPECT_TRUE(rig.portfolio.quantity(Symbol("BBB")).is_zero());
    EXPECT_EQ(rig.portfolio.closed_trades().size(), 2u);  // one entry and one exit each, no re-entry
    ASSERT_EQ(count(rig.audit, "flatten"), 1u);
    for (const auto& e : rig.audit.entries) {
        if (e.kind != "flatten") continue;
        {
            EXPECT_EQ(e.fields["exits_sent"], 2);
            EXPECT_EQ(e.fields["refused"], 0);
            EXPECT_EQ(e.fields["reason"], "operator test");
        }
    }
    // The exits are ordinary orders: created, submitted and filled through the order manager.
    size_t flatten_orders = 0;
    for (const auto& mo : rig.orders.all())
        if (mo.order.strategy == "flatten") {
            ++flatten_orders;
            EXPECT_EQ(mo.status, OrderStatus::filled);
            EXPECT_EQ(mo.order.type, OrderType::market);
            EXPECT_EQ(mo.order.side, Side::sell);
        }
    EXPECT_EQ(flatten_orders, 2u);
}

TEST(EngineFlatten, ExitsPassATrippedKillSwitch) {
    Engine* engine = nullptr;
    BasicGate* gate = nullptr;
    Rig rig(
        [&](strategy::Context& ctx, const Bar& bar, int i) {
            ctx.signal(want(bar, Direction::long_));
            if (i == 3) {
                gate->trip("test trip");
                engine->flatten("tripped, then flattened");
            }
        },
        {.engine = one_by_one()});
    gate = &rig.basic_gate();
    auto feed = flat_days(6);
    engine = &rig.engine();
    rig.run(feed);
    EXPECT_TRUE(rig.portfolio.quantity(Symbol("AAA")).is_zero());
    EXPECT_EQ(count(rig.audit, "risk_rejected"), 0u);
}

TEST(EngineFlatten, CancelsAWorkingEntryAndHoldsOffItsWish) {
    Engine* engine = nullptr;
    exec::PaperBrokerConfig bc = Rig::no_costs();
    Rig rig(
        [&](strategy::Context& ctx, const Bar& bar, int i) {
            ctx.signal(want(bar, Direction::long_));
            // The entry from bar 0 is working until bar 1's open: flatten in between.
            if (i == 0) engine->flatten("cancel the entry");
        },
        {.broker = bc, .engine = one_by_one()});
    auto feed = flat_days(4);
    engine = &rig.engine();
    rig.run(feed);
    EXPECT_TRUE(rig.portfolio.fills().empty());
    ASSERT_EQ(rig.orders.size(), 1u);
    EXPECT_EQ(rig.orders.all().front().status, OrderStatus::cancelled);
    for (const auto& e : rig.audit.entries) {
        if (e.kind == "flatten") {
            EXPECT_EQ(e.fields["cancelled"], 1);
        }
    }
}
