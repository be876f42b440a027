// A broker that refuses orders again and again never gets an order storm: retries back off
// on the engine's clock within a budget, then the symbol is parked and the kill switch
// trips with the reason named; states that hold orders back are audited once per change.
#include <gtest/gtest.h>

#include "engine/fixtures.hpp"
#include "robo/engine/risk_gate_adapter.hpp"
#include "robo/log/memory_audit_sink.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;
using namespace std::chrono_literals;

namespace {

const Timestamp kStart = from_civil(2024, 1, 2) + 15h;  // 10:00 New York

// One-second bars, one a second: the engine's clock moves a second per bar.
Bar second_bar(const char* symbol, int i) {
    return Bar{Symbol(symbol), Timeframe::s1, kStart + std::chrono::seconds(i), px("10"), px("10"),
               px("10"),       px("10"),      Quantity::from_units(100'000),    false};
}

VectorFeed seconds_of(int n, std::vector<const char*> symbols = {"AAA"}) {
    VectorFeed feed;
    for (int i = 0; i < n; ++i)
        for (const char* s : symbols) feed.add(second_bar(s, i));
    feed.seal();
    return feed;
}

// The paper broker behind a desk that answers every SELL with TWS's 201, and that can be
// told to hold every order back (as IbkrBroker does while reconnecting or after 1100).
struct RefusingBroker final : exec::Broker {
    exec::PaperBroker inner{Rig::no_costs()};
    bool reject_sells = true;
    std::string hold;
    std::vector<Order> sells;  // every SELL that reached the broker
    std::vector<Order> submitted;
    std::vector<exec::BrokerEvent> answers;

    std::string_view name() const noexcept override { return "refusing"; }
    exec::BrokerConnection connection() const noexcept override { return exec::BrokerConnection::connected; }
    std::string_view hold_reason() const noexcept override { return hold; }
    void submit(const Order& o, Timestamp t) override {
        submitted.push_back(o);
        if (o.side == Side::sell) sells.push_back(o);
        if (!hold.empty()) {
            answers.push_back({exec::BrokerEvent::Kind::rejected,
                               o.client_id,
                               t,
                               {},
                               "order held back: TWS has lost its connection to IB (1100)",
                               {},
                               {},
                               {}});
            return;
        }
        if (o.side == Side::sell && reject_sells) {
            answers.push_back({exec::BrokerEvent::Kind::rejected,
                               o.client_id,
                               t,
                               {},
                               "201: Order rejected - reason:SELL orders refused",
                               {},
                               {},
                               {}});
            return;
        }
        inner.submit(o, t);
    }
    bool cancel(std::string_view id, Timestamp t) override { return inner.cancel(id, t); }
    bool modify(const Order& o, Timestamp t) override { return inner.modify(o, t); }
    void poll(std::vector<exec::BrokerEvent>& out) override {
        inner.poll(out);
        out.insert(out.end(), answers.begin(), answers.end());
        answers.clear();
    }
    size_t working_orders() const noexcept override { return inner.working_orders(); }
    void on_bar(const Bar& b) override { inner.on_bar(b); }
};

// An engine with the full risk gate around a scripted strategy and the refusing broker.
struct LoopRig {
    explicit LoopRig(ScriptedStrategy::Script script, risk::RiskLimits limits = roomy())
        : rig(std::move(script), {.trader = entries_of(0.05),
                                  .configure =
                                      [limits](SessionConfig& c) {
                                          c.use_risk_gate = true;
                                          c.risk.limits = limits;
                                          c.risk.check_market_hours = false;
                                          c.risk.reset_kill_switch_daily =
                                              false;  // only the operator resets it, as in a live session
                                      },
                                  .through = &broker}),
          orders(rig.orders),
          portfolio(rig.portfolio),
          gate(&dynamic_cast<RiskGateAdapter&>(rig.gate)),
          trader(&rig.trader),
          engine(&rig.engine()) {}
    static risk::RiskLimits roomy() {
        risk::RiskLimits l;
        l.max_position_pct = 0.1;
        l.min_volume = 0;
        l.correlation_limit = 1.0;
        l.max_sector_exposure = 1.0;
        l.max_daily_notional = Money::from_units(100'000'000);
        return l;
    }
    static TraderConfig entries_of(double fraction) {
        TraderConfig t;
        t.position_fraction = fraction;
        return t;
    }
    RunSummary run(VectorFeed& feed) { return rig.run(feed); }
    size_t audited(std::string_view kind) const { return rig.audited(kind); }
    const log::MemoryAuditSink::Entry* find(std::string_view kind) const { return rig.find(kind); }

    RefusingBroker broker;  // what the session trades through
    Rig rig;
    exec::OrderManager& orders;
    exec::Portfolio& portfolio;
    RiskGateAdapter* gate;
    Trader* trader;
    Engine* engine;
};

// Long from the first bar, flat from bar `exit_at` on: the exit is what the broker refuses.
ScriptedStrategy::Script long_then_flat(int exit_at) {
    return [exit_at](strategy::Context& ctx, const Bar& bar, int i) {
        ctx.signal(want(bar, i < exit_at ? Direction::long_ : Direction::flat));
    };
}

}  // namespace

TEST(OrderLoop, ARejectedExitIsRetriedWithGrowingGapsThenTheSymbolIsParkedAndTheKillSwitchTrips) {
    LoopRig rig(long_then_flat(5));
    auto feed = seconds_of(600);  // ten minutes of a broker refusing every SELL
    rig.run(feed);

    ASSERT_EQ(rig.portfolio.quantity(Symbol("AAA")), Quantity::from_units(500)) << "the entry filled";
    // Five attempts (the budget), one, two, four and eight seconds apart; nothing after.
    ASSERT_EQ(rig.broker.sells.size(), 5u);
    std::vector<Duration> gaps;
    for (size_t i = 1; i < rig.broker.sells.size(); ++i)
        gaps.push_back(rig.broker.sells[i].created - rig.broker.sells[i - 1].created);
    std::vector<Duration> expected{1s, 2s, 4s, 8s};
    EXPECT_EQ(gaps, expected);
    EXPECT_EQ(rig.trader->stats().broker_rejections, 5);
    EXPECT_EQ(rig.trader->stats().retries, 4);

    // Parked once, audited once (the alert's source), with what the operator must do.
    EXPECT_EQ(rig.audited("symbol_parked"), 1u);
    const auto* parked = rig.find("symbol_parked");
    ASSERT_NE(parked, nullptr);
    EXPECT_EQ(parked->fields["symbol"], "AAA");
    EXPECT_EQ(parked->fields["rejections"], 5);
    EXPECT_NE(parked->fields["operator_action"].get<std::string>().find("reset the kill switch"),
              std::string::npos);
    ASSERT_EQ(rig.trader->parked().size(), 1u);
    EXPECT_EQ(rig.trader->parked()[0].symbol, Symbol("AAA"));
    auto health = rig.engine->health();
    ASSERT_EQ(health.parked.size(), 1u);

    // The kill switch tripped, naming the trigger, the symbol and the broker's reason.
    const std::string ks = rig.gate->kill_switch_state();
    EXPECT_EQ(ks.rfind("tripped: broker_rejections", 0), 0u) << ks;
    EXPECT_NE(ks.find("AAA parked after 5 broker rejections (201: Order rejected"), std::string::npos) << ks;
    EXPECT_EQ(rig.audited("kill_switch_tripped"), 1u);
}

TEST(OrderLoop, AFillStartsAFreshBudget) {
    // Two rejections, then the broker takes SELLs again: the exit fills. The next round
    // trip's exit is refused again, and its budget starts from one (a one-second gap).
    LoopRig* self = nullptr;
    LoopRig rig([&self](strategy::Context& ctx, const Bar& bar, int i) {
        if (i == 8) self->broker.reject_sells = false;  // the exit's third attempt goes through
        if (i == 65) self->broker.reject_sells = true;  // the second round trip's exit is refused
        ctx.signal(want(bar, (i < 5 || (i >= 60 && i < 70)) ? Direction::long_ : Direction::flat));
    });
    self = &rig;
    auto feed = seconds_of(200);
    rig.run(feed);
    // 5, 6 refused, 8 filled; 70, 71, 73, 77, 85 refused, then parked.
    ASSERT_EQ(rig.broker.sells.size(), 8u);
    EXPECT_EQ(rig.broker.sells[2].created - rig.broker.sells[1].created, 2s);
    EXPECT_EQ(rig.broker.sells[4].created - rig.broker.sells[3].created, 1s);
    EXPECT_EQ(rig.audited("symbol_parked"), 1u) << "the second round's five rejections park it";
}

TEST(OrderLoop, AResetOfTheKillSwitchUnparksTheSymbolAndItsExitIsTriedAgain) {
    LoopRig* self = nullptr;
    LoopRig rig([&self](strategy::Context& ctx, const Bar& bar, int i) {
        ctx.signal(want(bar, i < 5 ? Direction::long_ : Direction::flat));
        if (i == 100) {
            self->broker.reject_sells = false;  // the operator fixed it at the broker ...
            self->gate->operator_reset("alice: broker fixed the account", ctx.now());  // ... and resets
        }
    });
    self = &rig;
    auto feed = seconds_of(200);
    rig.run(feed);
    EXPECT_EQ(rig.audited("symbol_parked"), 1u);
    EXPECT_EQ(rig.audited("symbol_unparked"), 1u);
    EXPECT_TRUE(rig.trader->parked().empty());
    EXPECT_EQ(rig.broker.sells.size(), 6u) << "five refused, then the one that closed the position";
    EXPECT_TRUE(rig.portfolio.quantity(Symbol("AAA")).is_zero());
}

TEST(OrderLoop, ABrokerHoldingOrdersBackIsAuditedOncePerChangeOfStateNotPerWish) {
    // A position is open when the broker stops taking orders (1100) for a minute; the
    // strategy wants out on every one of the 60 bars meanwhile.
    LoopRig* self = nullptr;
    LoopRig rig([&self](strategy::Context& ctx, const Bar& bar, int i) {
        if (i == 10) self->broker.hold = "TWS has lost its connection to IB (1100)";
        if (i == 70) self->broker.hold.clear();
        // From bar 10 on, a change of mind every second while the hold lasts, then out.
        const Direction d = i < 10   ? Direction::long_
                            : i < 70 ? (i % 2 ? Direction::flat : Direction::long_)
                                     : Direction::flat;
        ctx.signal(want(bar, d));
    });
    self = &rig;
    rig.broker.reject_sells = false;
    auto feed = seconds_of(120);
    rig.run(feed);

    EXPECT_EQ(rig.audited("orders_held_back"), 1u);
    EXPECT_EQ(rig.audited("orders_resumed"), 1u);
    const auto* resumed = rig.find("orders_resumed");
    ASSERT_NE(resumed, nullptr);
    EXPECT_EQ(resumed->fields["scope"], "broker");
    EXPECT_GE(resumed->fields["wishes_held"].get<int>(), 25) << "the exits that waited were counted";
    for (const auto& o : rig.broker.submitted) {
        const bool during = o.created >= kStart + 11s && o.created < kStart + 71s;
        EXPECT_FALSE(during) << "nothing sent into the hold: " << o.client_id;
    }
    EXPECT_EQ(rig.trader->stats().broker_rejections, 0);
    EXPECT_EQ(rig.audited("symbol_parked"), 0u);
    EXPECT_TRUE(rig.portfolio.quantity(Symbol("AAA")).is_zero()) << "the exit went out once it could";
}

TEST(OrderLoop, ATrippedKillSwitchHoldsEntriesBackWithOneRecordNotOneRefusalPerWish) {
    LoopRig rig([](strategy::Context& ctx, const Bar& bar, int) {
        const auto second = (bar.start - kStart) / 1s;  // each symbol changes its mind every second
        ctx.signal(want(bar, second % 2 ? Direction::flat : Direction::long_));
    });
    rig.broker.reject_sells = false;
    rig.gate->operator_trip("bob: broker incident", kStart);
    auto feed = seconds_of(120, {"AAA", "BBB"});
    rig.run(feed);
    EXPECT_EQ(rig.orders.size(), 0u);
    EXPECT_EQ(rig.audited("risk_rejected"), 0u) << "no refusal per wish";
    EXPECT_EQ(rig.audited("orders_held_back"), 1u);
    EXPECT_EQ(rig.audited("orders_resumed"), 0u);
    EXPECT_GE(rig.trader->stats().held_back, 100);
    EXPECT_NE(rig.trader->hold_state().find("bob: broker incident"), std::string::npos);
}
