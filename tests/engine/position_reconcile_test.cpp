// The broker's word on what the account holds, reconciled with the ledger on the spot:
// the first report is the baseline, a difference is asked about again, and one that holds
// is a break that halts new exposure, cancels working orders and is on the audit trail.
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <thread>

#include "engine/fixtures.hpp"
#include "engine/hand_feed.hpp"
#include "robo/engine/position_check.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;
using Held = std::vector<std::pair<Symbol, Quantity>>;

namespace {
Quantity q(int n) { return Quantity::from_units(n); }
const Symbol AAA("AAA"), BBB("BBB");

// A ledger holding `n` AAA (bought at 10).
exec::Portfolio ledger_with(int n) {
    exec::Portfolio p(Money::from_units(100'000));
    if (n) {
        Fill f;
        f.client_id = "x";
        f.symbol = AAA;
        f.side = n > 0 ? Side::buy : Side::sell;
        f.quantity = q(n > 0 ? n : -n);
        f.price = Price::from_units(10);
        p.apply(f);
    }
    return p;
}
}  // namespace

TEST(PositionCheck, TheFirstReportIsTheBaselineOfWhatTheAccountHeldBeforeTheSession) {
    PositionCheck check;
    auto v = check.on_report({{AAA, q(30)}, {BBB, q(5)}}, ledger_with(10));
    EXPECT_EQ(v.kind, PositionVerdict::Kind::baseline);
    EXPECT_EQ(v.held_before, (Held{{AAA, q(20)}, {BBB, q(5)}}));
    // Later: the session's own 10 AAA on top of the 20 from before is equal.
    EXPECT_EQ(check.on_report({{AAA, q(30)}, {BBB, q(5)}}, ledger_with(10)).kind,
              PositionVerdict::Kind::equal);
}

TEST(PositionCheck, ADifferenceIsASuspicionUntilTheSameNumbersAreReportedTwice) {
    PositionCheck check;
    check.on_report({}, ledger_with(0));
    auto first = check.on_report({}, ledger_with(100));  // the fill's position update is late
    EXPECT_EQ(first.kind, PositionVerdict::Kind::suspect);
    ASSERT_EQ(first.differences.size(), 1u);
    EXPECT_EQ(first.differences[0], (PositionDifference{AAA, q(0), q(100)}));
    EXPECT_EQ(first.describe(), "AAA broker 0 ledger 100");
    auto second = check.on_report({}, ledger_with(100));
    EXPECT_EQ(second.kind, PositionVerdict::Kind::confirmed);
}

TEST(PositionCheck, ADifferenceThatGoesAwayOnTheNextReportIsNoBreak) {
    PositionCheck check;
    check.on_report({}, ledger_with(0));
    EXPECT_EQ(check.on_report({}, ledger_with(100)).kind, PositionVerdict::Kind::suspect);
    EXPECT_EQ(check.on_report({{AAA, q(100)}}, ledger_with(100)).kind, PositionVerdict::Kind::equal);
    // And a new difference later starts a new suspicion, not a confirmation.
    EXPECT_EQ(check.on_report({{AAA, q(100)}}, ledger_with(0)).kind, PositionVerdict::Kind::suspect);
}

TEST(PositionCheck, ADifferenceThatKeepsMovingIsABreakAfterTheLastRecheck) {
    PositionCheck check(/*max_rechecks=*/2);
    check.on_report({}, ledger_with(0));
    EXPECT_EQ(check.on_report({{AAA, q(1)}}, ledger_with(100)).kind, PositionVerdict::Kind::suspect);
    EXPECT_EQ(check.on_report({{AAA, q(2)}}, ledger_with(100)).kind, PositionVerdict::Kind::suspect);
    EXPECT_EQ(check.on_report({{AAA, q(3)}}, ledger_with(100)).kind, PositionVerdict::Kind::confirmed);
}

TEST(PositionCheck, ASymbolTheBrokerNoLongerHoldsButTheLedgerDoesIsADifference) {
    PositionCheck check;
    check.on_report({{AAA, q(50)}}, ledger_with(50));  // the session's own 50, nothing before
    auto v = check.on_report({}, ledger_with(50));
    EXPECT_EQ(v.kind, PositionVerdict::Kind::suspect);
    EXPECT_EQ(v.describe(), "AAA broker 0 ledger 50");
}

TEST(PositionCheck, TheAccountsCashIsComparedByItsChangeSinceTheBaselineWithinATolerance) {
    PositionCheck check;
    // The account has 1,000,000 in cash, the session's ledger starts with 100,000.
    check.on_report({}, ledger_with(0), Money::from_units(1'000'000));
    // The session bought 100 AAA at 10: both lost 1,000 of cash.
    auto equal = check.on_report({{AAA, q(100)}}, ledger_with(100), Money::parse("999000.40"));
    EXPECT_EQ(equal.kind, PositionVerdict::Kind::equal);
    EXPECT_TRUE(equal.cash_checked);
    EXPECT_FALSE(equal.cash_difference) << "40 cents is within the $1 tolerance";
    // 2,500 more left the account than the ledger knows of.
    auto off = check.on_report({{AAA, q(100)}}, ledger_with(100), Money::from_units(996'500));
    EXPECT_EQ(off.kind, PositionVerdict::Kind::equal) << "cash alone is never a break";
    ASSERT_TRUE(off.cash_difference);
    EXPECT_EQ(*off.cash_difference, Money::from_units(-2'500));
    EXPECT_EQ(off.describe(), "cash differs by -2500.00");
    // A report without the account's cash checks positions only.
    EXPECT_FALSE(check.on_report({{AAA, q(100)}}, ledger_with(100)).cash_checked);
}

namespace {
// The paper broker, plus an account that reports its positions when told to (the test
// plays TWS): report() from the test's thread, check_positions() answered from `answers`.
class ReportingBroker final : public exec::Broker {
public:
    explicit ReportingBroker(exec::Broker& inner) : inner_(inner) {}
    std::string_view name() const noexcept override { return "reporting"; }
    exec::BrokerConnection connection() const noexcept override { return exec::BrokerConnection::connected; }
    void submit(const Order& o, Timestamp now) override { inner_.submit(o, now); }
    bool cancel(std::string_view id, Timestamp now) override { return inner_.cancel(id, now); }
    bool modify(const Order& o, Timestamp now) override { return inner_.modify(o, now); }
    size_t working_orders() const noexcept override { return inner_.working_orders(); }
    void on_bar(const Bar& b) override { inner_.on_bar(b); }
    void poll(std::vector<exec::BrokerEvent>& out) override {
        inner_.poll(out);
        std::lock_guard lock(mu_);
        for (auto& r : queued_) {
            exec::BrokerEvent ev;
            ev.kind = exec::BrokerEvent::Kind::positions;
            ev.positions = std::move(r);
            out.push_back(std::move(ev));
        }
        queued_.clear();
    }
    void set_wake(std::function<void()> wake) override {
        std::lock_guard lock(mu_);
        wake_ = std::move(wake);
    }
    void check_positions() override {
        ++checks;
        Held next;
        {
            std::lock_guard lock(mu_);
            if (!answers_.empty()) {
                next = answers_.front();
                answers_.pop_front();
            }
        }
        report(next);
    }
    void report(Held held) {
        std::function<void()> wake;
        {
            std::lock_guard lock(mu_);
            queued_.push_back(std::move(held));
            wake = wake_;
        }
        if (wake) wake();
    }
    void answer_next_check_with(Held held) {
        std::lock_guard lock(mu_);
        answers_.push_back(std::move(held));
    }
    std::atomic<int> checks{0};

private:
    exec::Broker& inner_;
    std::mutex mu_;
    std::vector<Held> queued_;
    std::deque<Held> answers_;
    std::function<void()> wake_;
};

struct Watch final : EngineObserver {
    std::atomic<int> fills{0}, equal{0}, confirmed{0}, kill_switch{0};
    void on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder&) override {
        fills += ev.kind == exec::BrokerEvent::Kind::fill;
    }
    void on_positions_checked(const PositionVerdict& v, Timestamp) override {
        equal += v.kind == PositionVerdict::Kind::equal;
        confirmed += v.kind == PositionVerdict::Kind::confirmed;
    }
    void on_kill_switch(const std::string&, Timestamp) override { ++kill_switch; }
};

bool wait_for(const std::function<bool()>& done) {
    for (int i = 0; i < 500; ++i) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

// Buys AAA on bar 0 with a protective stop at 5; the entry fills on bar 1 and the stop
// then works at the broker. `account` plays TWS once the entry has filled.
struct ReconcileRun {
    static EngineConfig rechecking() {
        auto config = Rig::quiet();
        config.mode = Mode::replay;
        config.position_recheck = std::chrono::milliseconds(10);
        return config;
    }
    exec::PaperBroker paper{Rig::no_costs()};
    ReportingBroker broker{paper};
    Rig rig{[](strategy::Context& ctx, const Bar& bar, int i) {
                if (i != 0) return;
                auto s = want(bar, Direction::long_);
                s.stop = Price::from_units(5);
                ctx.signal(s);
            },
            {.engine = rechecking(), .through = &broker}};
    Watch watch;
    HandFeed feed;
    RunSummary summary;

    void run(const std::function<void()>& account) {
        std::thread source([&] {
            broker.report({});  // on connecting: nothing held before the session
            feed.add(daily("AAA", 0, "10", "11", "9", "10"));
            feed.add(daily("AAA", 1, "10", "11", "9", "10"));
            wait_for([&] { return watch.fills > 0; });
            account();
            feed.end();
        });
        rig.engine().set_observer(&watch);
        summary = rig.run(feed);
        source.join();
    }
    bool audited(std::string_view kind) const {
        for (const auto& e : rig.audit.entries)
            if (e.kind == kind) return true;
        return false;
    }
};
}  // namespace

TEST(PositionReconcile, ABrokerThatHoldsLessThanTheLedgerTwiceTripsTheKillSwitchAndCancelsWorkingOrders) {
    ReconcileRun r;
    r.run([&] {
        r.broker.report({});                  // "after a reconnect": the account holds nothing
        r.broker.answer_next_check_with({});  // and says so again when asked
        wait_for([&] { return r.watch.kill_switch > 0; });
    });
    EXPECT_EQ(r.broker.checks, 1) << "asked once more before calling it a break";
    EXPECT_EQ(r.watch.confirmed, 1);
    EXPECT_TRUE(r.audited("position_break"));
    // Half of 100,000 at the reference close of 10: the ledger holds 5,000 the broker does not.
    EXPECT_EQ(r.rig.gate.kill_switch_state(), "tripped: position break: AAA broker 0 ledger 5000");
    EXPECT_EQ(r.watch.kill_switch, 1) << "observers told once";
    // The protective stop that was working has been cancelled, as on any trip.
    EXPECT_EQ(r.rig.orders.working_count(), 0u);
    EXPECT_EQ(r.summary.working_at_stop, 0u);
}

TEST(PositionReconcile, AReportThatWasOnlyEarlyIsSettledByTheRecheckWithoutABreak) {
    ReconcileRun r;
    r.run([&] {
        r.broker.answer_next_check_with({{AAA, r.rig.portfolio.quantity(AAA)}});
        r.broker.report({});  // early: the position update had not arrived yet
        wait_for([&] { return r.watch.equal > 0; });
    });
    EXPECT_EQ(r.broker.checks, 1);
    EXPECT_EQ(r.watch.equal, 1);
    EXPECT_EQ(r.watch.confirmed, 0);
    EXPECT_FALSE(r.audited("position_break"));
    EXPECT_TRUE(r.audited("positions_reconciled"));
    EXPECT_EQ(r.rig.gate.kill_switch_state(), "armed");
}

// The comparison the engine makes during a session and the broker link makes at its end:
// every symbol either side holds, net of what the account held before.
TEST(PositionDifferences, EverySymbolEitherSideHoldsNetOfTheBaseline) {
    const exec::Portfolio ledger = ledger_with(100);  // AAA 100
    const Symbol CCC("CCC");
    std::map<Symbol, Quantity> broker{
        {AAA, Quantity::from_units(100)}, {BBB, Quantity::from_units(-5)}, {CCC, Quantity::from_units(7)}};
    std::map<Symbol, Quantity> baseline{{CCC, Quantity::from_units(7)}};
    auto d = position_differences(broker, baseline, ledger);
    ASSERT_EQ(d.size(), 1u);  // CCC is the account's own; AAA agrees
    EXPECT_EQ(d[0].symbol, BBB);
    EXPECT_EQ(d[0].broker, Quantity::from_units(-5));
    EXPECT_EQ(d[0].ledger, Quantity{});
    // A ledger position the broker does not hold is a difference too.
    broker.erase(AAA);
    d = position_differences(broker, baseline, ledger);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].symbol, AAA);
    EXPECT_EQ(d[0].broker, Quantity{});
    EXPECT_EQ(d[0].ledger, Quantity::from_units(100));
}
