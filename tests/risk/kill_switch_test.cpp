// The kill switch: window timing on a simulated clock, immediate trips, reducing-only mode,
// emergency actions, persistence across restarts and the audited operator reset.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "robo/log/memory_audit_sink.hpp"
#include "robo/risk/kill_switch_watch.hpp"

#include "desk.hpp"
#include "log/log_helpers.hpp"

namespace robo::risk::test {
namespace {

using namespace std::chrono_literals;
using V = Violation;

struct TempDir {
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("robo-risk-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::filesystem::path path;
    static inline int counter = 0;
};

KillSwitchOptions five_in_five_minutes(std::filesystem::path file = {}) { return {5, 5min, std::move(file)}; }

TEST(KillSwitch, FiveViolationsWithinFiveMinutesTripIt) {
    log::MemoryAuditSink audit;
    KillSwitch ks(five_in_five_minutes(), audit);
    for (int i = 0; i < 4; ++i) EXPECT_FALSE(ks.record_violation("order_notional", t0() + i * 1min));
    EXPECT_FALSE(ks.tripped());
    EXPECT_TRUE(ks.record_violation("order_notional", t0() + 5min - 1ns));
    EXPECT_TRUE(ks.tripped());
    EXPECT_EQ(ks.state().trigger, "violations");
    ASSERT_EQ(audit.entries.size(), 1u);
    EXPECT_EQ(audit.entries[0].kind, "kill_switch_tripped");
}

// A simulation's trips are routine (its summary and audit trail count them): an info line,
// not an ERROR line per daily-loss trip in a notebook. A switch at a broker trips loudly.
TEST(KillSwitch, ARoutineSwitchLogsItsTripsAtInfoAnOperatorsAsErrors) {
    for (bool routine : {true, false}) {
        SCOPED_TRACE(routine ? "routine" : "operator's");
        robo::test::CapturedLog log(log::Format::json);
        log::MemoryAuditSink audit;
        auto options = five_in_five_minutes();
        options.routine = routine;
        KillSwitch ks(options, audit);
        ks.trip("daily_loss", "daily loss 2.1% beyond 2%", t0());
        ks.reset("next New York day", t0() + 24h);
        const auto lines = log.lines();
        ASSERT_EQ(lines.size(), 2u);
        EXPECT_EQ(nlohmann::json::parse(lines[0])["level"], routine ? "info" : "error") << lines[0];
        EXPECT_EQ(nlohmann::json::parse(lines[1])["level"], routine ? "info" : "warn") << lines[1];
        EXPECT_EQ(audit.entries.size(), 2u) << "the audit trail keeps both either way";
    }
}

TEST(KillSwitch, AViolationExactlyOneWindowOldHasLeftTheWindow) {
    log::MemoryAuditSink audit;
    KillSwitch ks(five_in_five_minutes(), audit);
    for (int i = 0; i < 4; ++i) ks.record_violation("stale_price", t0() + i * 1min);
    EXPECT_FALSE(ks.record_violation("stale_price", t0() + 5min));  // the first one is 5 min old
    EXPECT_FALSE(ks.tripped());
    EXPECT_EQ(ks.violations_in_window(t0() + 5min), 4);
}

TEST(KillSwitch, SpreadOutViolationsNeverTripIt) {
    log::MemoryAuditSink audit;
    KillSwitch ks(five_in_five_minutes(), audit);
    for (int i = 0; i < 100; ++i) ks.record_violation("order_rate", t0() + i * 76s);  // 4 per 5 min at most
    EXPECT_FALSE(ks.tripped());
}

TEST(KillSwitch, RejectedOrdersThroughTheGateCountTowardsIt) {
    RiskLimits l = wide_limits();
    l.kill_switch_violations = 5;
    l.max_order_notional = usd(100);
    Desk d(l);
    d.quote("AAPL", px("100"));
    for (int i = 0; i < 5; ++i) {
        EXPECT_FALSE(d.kill_switch.tripped()) << "before rejection " << i + 1;
        EXPECT_TRUE(d.check(buy("AAPL", shares(2))).has(V::OrderNotional));
        d.now += 10s;
        d.quote("AAPL", px("100"));
    }
    EXPECT_TRUE(d.kill_switch.tripped());
    auto v = d.check(buy("AAPL", shares(1)));
    ASSERT_TRUE(v.rejected());
    EXPECT_EQ(v.violation().kind, V::KillSwitch);
}

TEST(KillSwitch, LeverageAlreadyBeyondTheLimitTripsAtOnce) {
    RiskLimits l = wide_limits();
    l.max_leverage = 1.0;
    Desk d(l, usd(10'000));
    d.hold("AAPL", shares(100), px("100"));  // leverage 1.0: at the limit, fine
    EXPECT_TRUE(d.gate.monitor(d.portfolio, d.now).empty());
    d.portfolio.mark(Symbol("AAPL"), px("50"));  // equity 5,000 (cash 0), gross 5,000: still 1.0
    EXPECT_TRUE(d.gate.monitor(d.portfolio, d.now).empty());
    d.portfolio.set_cash(usd(-1));  // gross 5,000 on equity 4,999
    auto breaches = d.gate.monitor(d.portfolio, d.now);
    ASSERT_EQ(breaches.size(), 1u);
    EXPECT_EQ(breaches[0].kind, V::Leverage);
    EXPECT_TRUE(d.kill_switch.tripped());
    EXPECT_EQ(d.kill_switch.state().trigger, "leverage");
}

TEST(KillSwitch, DrawdownSeenByMonitorTripsWithoutAnyOrder) {
    RiskLimits l = wide_limits();
    l.max_drawdown_pct = 0.10;
    Desk d(l);
    d.hold("AAPL", shares(100), px("100"));
    d.portfolio.mark(Symbol("AAPL"), px("1"));  // equity 90,100 of a 100,000 peak: 9.9 %
    EXPECT_FALSE(d.kill_switch.tripped());
    d.portfolio.set_cash(usd(89'000));
    d.gate.monitor(d.portfolio, d.now);
    EXPECT_TRUE(d.kill_switch.tripped());
    EXPECT_EQ(d.kill_switch.state().trigger, "drawdown");
}

TEST(KillSwitch, WhenTrippedExitsStillPassInReducingOnlyMode) {
    Desk d;
    d.hold("AAPL", shares(100), px("100"));
    d.kill_switch.trip("operator", "test", d.now);
    EXPECT_TRUE(d.check(sell("AAPL", shares(100))).accepted());
    EXPECT_EQ(d.check(buy("AAPL", shares(1))).violation().kind, V::KillSwitch);
    EXPECT_EQ(d.check(sell("AAPL", shares(101))).violation().kind, V::KillSwitch);  // would flip short
}

TEST(KillSwitch, WhenTrippedWithoutReducingOnlyModeEvenExitsAreRefused) {
    RiskLimits l = wide_limits();
    l.allow_exits_when_tripped = false;
    Desk d(l);
    d.hold("AAPL", shares(100), px("100"));
    d.kill_switch.trip("operator", "test", d.now);
    EXPECT_EQ(d.check(sell("AAPL", shares(10))).violation().kind, V::KillSwitch);
}

TEST(KillSwitch, EmergencyActionsCancelWorkingOrdersAndFlattenWhenConfigured) {
    RiskLimits l = wide_limits();
    l.flatten_on_trip = true;
    l.short_selling = true;
    Desk d(l);
    d.hold("AAPL", shares(100), px("100"));
    d.hold("XOM", shares(-50), px("60"));
    d.portfolio.add_working_order({"w-1", Symbol("MSFT"), Side::buy, shares(10)});
    EXPECT_TRUE(d.gate.emergency_actions(d.portfolio, d.now).cancel.empty());  // not tripped
    d.kill_switch.trip("operator", "test", d.now);
    auto actions = d.gate.emergency_actions(d.portfolio, d.now);
    EXPECT_EQ(actions.cancel, std::vector<std::string>{"w-1"});
    ASSERT_EQ(actions.flatten.size(), 2u);
    EXPECT_EQ(actions.flatten[0].side, Side::sell);
    EXPECT_EQ(actions.flatten[0].quantity, shares(100));
    EXPECT_EQ(actions.flatten[1].side, Side::buy);
    EXPECT_EQ(actions.flatten[1].quantity, shares(50));
    for (const auto& o : actions.flatten) EXPECT_TRUE(d.check(o).accepted()) << o.symbol.view();
}

TEST(KillSwitch, WithoutFlattenConfiguredOnlyCancelsAreReported) {
    Desk d;
    d.hold("AAPL", shares(100), px("100"));
    d.kill_switch.trip("operator", "test", d.now);
    EXPECT_TRUE(d.gate.emergency_actions(d.portfolio, d.now).flatten.empty());
}

TEST(KillSwitch, TrippedStateSurvivesARestart) {
    TempDir dir;
    auto file = dir.path / "kill_switch.json";
    log::MemoryAuditSink audit;
    {
        KillSwitch ks(five_in_five_minutes(file), audit);
        ks.trip("daily_loss", "lost 0.6 % today", t0());
    }
    KillSwitch restarted(five_in_five_minutes(file), audit);
    EXPECT_TRUE(restarted.tripped());
    EXPECT_EQ(restarted.state().trigger, "daily_loss");
    EXPECT_EQ(restarted.state().reason, "lost 0.6 % today");
    EXPECT_EQ(restarted.state().tripped_at, t0());
}

TEST(KillSwitch, ViolationsInTheWindowSurviveARestart) {
    TempDir dir;
    auto file = dir.path / "kill_switch.json";
    log::MemoryAuditSink audit;
    {
        KillSwitch ks(five_in_five_minutes(file), audit);
        for (int i = 0; i < 4; ++i) ks.record_violation("min_volume", t0() + i * 1s);
    }
    KillSwitch restarted(five_in_five_minutes(file), audit);
    EXPECT_EQ(restarted.violations_in_window(t0() + 10s), 4);
    EXPECT_TRUE(restarted.record_violation("min_volume", t0() + 10s));
}

TEST(KillSwitch, OnlyAnOperatorResetWithAReasonClearsItAndTheResetIsAudited) {
    TempDir dir;
    auto file = dir.path / "kill_switch.json";
    log::MemoryAuditSink audit;
    KillSwitch ks(five_in_five_minutes(file), audit);
    ks.trip("drawdown", "10.5 % from peak", t0());
    EXPECT_THROW(ks.reset("  ", t0() + 1h), std::invalid_argument);
    EXPECT_TRUE(ks.tripped());
    ks.reset("alice: drawdown reviewed, limits unchanged", t0() + 1h);
    EXPECT_FALSE(ks.tripped());
    ASSERT_EQ(audit.entries.back().kind, "kill_switch_reset");
    EXPECT_EQ(audit.entries.back().fields["reason"], "alice: drawdown reviewed, limits unchanged");
    EXPECT_EQ(audit.entries.back().fields["previous_trigger"], "drawdown");
    KillSwitch restarted(five_in_five_minutes(file), audit);
    EXPECT_FALSE(restarted.tripped());
    ASSERT_EQ(restarted.state().history.size(), 2u);
    EXPECT_EQ(restarted.state().history[1].action, "reset");
}

TEST(KillSwitch, StateIsWrittenWholeWithNoTemporaryFileLeftBehind) {
    TempDir dir;
    auto file = dir.path / "kill_switch.json";
    log::MemoryAuditSink audit;
    KillSwitch ks(five_in_five_minutes(file), audit);
    ks.trip("operator", "maintenance", t0());
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path)) {
        ++files;
        EXPECT_EQ(e.path().filename(), "kill_switch.json");
    }
    EXPECT_EQ(files, 1);
    auto state = KillSwitch::read_state(file);
    ASSERT_TRUE(state);
    EXPECT_TRUE(state->tripped);
}

TEST(KillSwitch, AnUnreadableStateFileFailsClosed) {
    TempDir dir;
    auto file = dir.path / "kill_switch.json";
    std::ofstream(file) << "{\"version\": 1, \"tripped\": fal";
    log::MemoryAuditSink audit;
    KillSwitch ks(five_in_five_minutes(file), audit);
    EXPECT_TRUE(ks.tripped());
    EXPECT_EQ(ks.state().trigger, "state_unreadable");
    EXPECT_NE(ks.state().reason.find("kill_switch.json: unreadable kill-switch state"), std::string::npos)
        << ks.state().reason;
}

TEST(KillSwitch, AStateFileWithAMissingFieldIsNamed) {
    TempDir dir;
    auto file = dir.path / "kill_switch.json";
    std::ofstream(file) << R"({"version": 1, "tripped": false})";
    try {
        KillSwitch::read_state(file);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("field \"trigger\" must be a string"), std::string::npos)
            << e.what();
    }
}

// A session and the operator's `robo_trader risk` share one state file: two KillSwitch
// objects on the same file stand for the two processes.
TEST(KillSwitchSharedFile, AnOperatorTripIsNotOverwrittenByTheSessionsNextViolation) {
    TempDir dir;
    auto file = dir.path / "kill_switch.json";
    log::MemoryAuditSink session_audit, operator_audit;
    KillSwitch session(five_in_five_minutes(file), session_audit);
    session.record_violation("min_volume", t0());
    KillSwitch op(five_in_five_minutes(file), operator_audit);
    op.trip("operator", "halt: broker incident", t0() + 1s);
    // The session has not synced yet; its next write must adopt the trip, not erase it.
    EXPECT_FALSE(session.record_violation("min_volume", t0() + 2s));
    EXPECT_TRUE(session.tripped());
    auto on_disk = KillSwitch::read_state(file);
    ASSERT_TRUE(on_disk);
    EXPECT_TRUE(on_disk->tripped);
    EXPECT_EQ(on_disk->trigger, "operator");
    EXPECT_EQ(on_disk->reason, "halt: broker incident");
    ASSERT_FALSE(session_audit.entries.empty());
    bool adopted = false;
    for (const auto& e : session_audit.entries)
        adopted |= e.kind == "kill_switch_tripped" && e.fields.value("source", "") == "state_file";
    EXPECT_TRUE(adopted) << "the session audited the trip it adopted";
}

TEST(KillSwitchSharedFile, SyncAdoptsAnOperatorTripAndThenTheOperatorReset) {
    TempDir dir;
    auto file = dir.path / "kill_switch.json";
    log::MemoryAuditSink session_audit, operator_audit;
    KillSwitch session(five_in_five_minutes(file), session_audit);
    EXPECT_EQ(session.sync(t0()), KillSwitchChange::none) << "no file yet";
    {
        KillSwitch op(five_in_five_minutes(file), operator_audit);
        op.trip("operator", "halt", t0());
    }
    EXPECT_EQ(session.sync(t0() + 1s), KillSwitchChange::tripped);
    EXPECT_TRUE(session.tripped());
    EXPECT_EQ(session.state().reason, "halt");
    EXPECT_EQ(session.sync(t0() + 2s), KillSwitchChange::none) << "nothing new";
    {
        KillSwitch op(five_in_five_minutes(file), operator_audit);
        op.reset("alice: incident over", t0() + 1h);
    }
    EXPECT_EQ(session.sync(t0() + 1h + 1s), KillSwitchChange::reset);
    EXPECT_FALSE(session.tripped());
    ASSERT_EQ(session_audit.entries.back().kind, "kill_switch_reset");
    EXPECT_EQ(session_audit.entries.back().fields["reason"], "alice: incident over");
    EXPECT_EQ(session_audit.entries.back().fields["source"], "state_file");
    // The session's own writes are not news to it.
    session.trip("daily_loss", "lost 0.6 %", t0() + 2h);
    EXPECT_EQ(session.sync(t0() + 2h + 1s), KillSwitchChange::none);
}

TEST(KillSwitchSharedFile, AFileBrokenWhileASessionRunsTripsItAndIsLeftForInspection) {
    TempDir dir;
    auto file = dir.path / "kill_switch.json";
    log::MemoryAuditSink audit;
    KillSwitch session(five_in_five_minutes(file), audit);
    session.record_violation("min_volume", t0());
    std::ofstream(file) << "garbage";
    EXPECT_EQ(session.sync(t0() + 1s), KillSwitchChange::tripped);
    EXPECT_TRUE(session.tripped());
    EXPECT_EQ(session.state().trigger, "state_unreadable");
    session.record_violation("min_volume", t0() + 2s);
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "garbage") << "the broken file is not overwritten";
}

TEST(KillSwitchSharedFile, ARevisionCountsEveryWriteFromEitherProcess) {
    TempDir dir;
    auto file = dir.path / "kill_switch.json";
    log::MemoryAuditSink audit;
    KillSwitch a(five_in_five_minutes(file), audit);
    a.record_violation("x", t0());
    KillSwitch b(five_in_five_minutes(file), audit);
    b.record_violation("x", t0() + 1s);
    a.record_violation("x", t0() + 2s);
    auto on_disk = KillSwitch::read_state(file);
    ASSERT_TRUE(on_disk);
    EXPECT_EQ(on_disk->revision, 3);
    EXPECT_EQ(on_disk->recent_violations.size(), 3u) << "no write lost the other's violation";
}

TEST(KillSwitchWatch, NoticesAnotherProcessesWriteWithinASecond) {
    TempDir dir;
    auto file = dir.path / "kill_switch.json";
    std::atomic<int> changes{0};
    KillSwitchWatch watch(
        file, [&] { ++changes; }, 50ms);
    log::MemoryAuditSink audit;
    KillSwitch op(five_in_five_minutes(file), audit);
    op.trip("operator", "halt", t0());
    auto deadline =
        std::chrono::steady_clock::now() + 10s;  // polls every 50 ms; the margin is for a loaded machine
    while (changes == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
    EXPECT_GE(changes.load(), 1);
}

}  // namespace
}  // namespace robo::risk::test
