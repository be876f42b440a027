// The mode table of session/policy.hpp, row by row and kind by kind: what a backtest, a
// replay and a session through a broker may do with the kill switch, the audit trail, the
// market-hours check and the gate. The configuration comes from an explicit environment,
// as `robo_trader` would load it.
#include <gtest/gtest.h>

#include "robo/config/loader.hpp"
#include "robo/log/audit_sink.hpp"
#include "robo/session/policy.hpp"

namespace robo::session {
namespace {

config::Config config_with(std::vector<std::pair<std::string, std::string>> env = {}) {
    config::LoadOptions lo;
    lo.environment = std::move(env);
    auto r = config::load(lo);
    EXPECT_TRUE(r.ok()) << (r.errors().empty() ? "" : r.errors().front());
    return r.config;
}

constexpr Kind kAll[] = {Kind::backtest, Kind::replay, Kind::tws_sim, Kind::ibkr_paper, Kind::ibkr_live};
bool through_broker(Kind k) { return k == Kind::tws_sim || k == Kind::ibkr_paper || k == Kind::ibkr_live; }

TEST(SessionPolicy, KindsFollowTheCommandAndTheExecutionMode) {
    auto paper = config_with();
    auto live = config_with(
        {{"EXECUTION_MODE", "live"}, {"EXECUTION_LIVE_CONFIRM", "I_UNDERSTAND"}, {"IBKR_PORT", "7496"}});
    EXPECT_EQ(kind_of(engine::Mode::backtest, "paper", paper), Kind::backtest);
    EXPECT_EQ(kind_of(engine::Mode::replay, "paper", paper), Kind::replay);
    EXPECT_EQ(kind_of(engine::Mode::replay, "tws-sim", paper), Kind::tws_sim);
    EXPECT_EQ(kind_of(engine::Mode::replay, "ibkr", paper), Kind::ibkr_paper);
    EXPECT_EQ(kind_of(engine::Mode::replay, "ibkr", live), Kind::ibkr_live);
    EXPECT_THROW(kind_of(engine::Mode::replay, "schwab", paper), PolicyError);
    EXPECT_THROW(kind_of(engine::Mode::backtest, "ibkr", paper), PolicyError);
}

TEST(SessionPolicy, KillSwitchRow_ThePersistedSwitchInEverySessionThroughABroker) {
    auto cfg = config_with({{"RISK_KILL_SWITCH_FILE", "/tmp/ops/ks.json"}});
    for (Kind k : kAll) {
        auto p = policy_for(k, cfg);
        SCOPED_TRACE(std::string(to_string(k)));
        if (through_broker(k)) {
            EXPECT_EQ(p.kill_switch_file, "/tmp/ops/ks.json");
            EXPECT_FALSE(p.resets_kill_switch_daily(false)) << "only an operator resets it";
            EXPECT_FALSE(p.kill_switch_trips_routine) << "a trip at a broker is an error line";
            EXPECT_TRUE(p.through_broker);
        } else {
            EXPECT_TRUE(p.kill_switch_file.empty()) << "research never touches the operator's switch";
            EXPECT_TRUE(p.resets_kill_switch_daily(false)) << "no operator on call: next New York day";
            EXPECT_FALSE(p.resets_kill_switch_daily(true)) << "an operator on the dashboard resets it";
            EXPECT_TRUE(p.kill_switch_trips_routine) << "counted in the summary, logged at info";
        }
    }
}

TEST(SessionPolicy, AuditRow_SyncedThroughABrokerHonouredInAReplayNeverInABacktest) {
    auto synced = config_with();
    auto unsynced = config_with({{"MONITORING_AUDIT_FSYNC", "none"}});
    EXPECT_EQ(policy_for(Kind::backtest, synced).audit_fsync, log::FsyncPolicy::none);
    EXPECT_EQ(policy_for(Kind::replay, synced).audit_fsync, log::FsyncPolicy::every_record);
    EXPECT_EQ(policy_for(Kind::replay, unsynced).audit_fsync, log::FsyncPolicy::none);
    for (Kind k : {Kind::tws_sim, Kind::ibkr_paper}) {
        EXPECT_EQ(policy_for(k, synced).audit_fsync, log::FsyncPolicy::every_record);
        try {
            policy_for(k, unsynced);
            ADD_FAILURE() << "fsync none accepted for " << to_string(k);
        } catch (const PolicyError& e) {
            EXPECT_NE(std::string(e.what()).find("MONITORING_AUDIT_FSYNC=none is refused"), std::string::npos)
                << e.what();
        }
    }
}

TEST(SessionPolicy, AuditRow_ConfigCheckRefusesAnUnsyncedAuditForLiveTrading) {
    config::LoadOptions lo;
    lo.environment = {{"EXECUTION_MODE", "live"},
                      {"EXECUTION_LIVE_CONFIRM", "I_UNDERSTAND"},
                      {"IBKR_PORT", "7496"},
                      {"MONITORING_AUDIT_FSYNC", "none"}};
    auto r = config::load(lo);
    ASSERT_FALSE(r.ok());
    bool named = false;
    for (const auto& e : r.errors()) named |= e.find("MONITORING_AUDIT_FSYNC") != std::string::npos;
    EXPECT_TRUE(named);
}

TEST(SessionPolicy, MarketHoursRow_AlwaysThroughABrokerOnIntradayDataOtherwise) {
    auto cfg = config_with();
    for (Kind k : kAll) {
        auto p = policy_for(k, cfg);
        SCOPED_TRACE(std::string(to_string(k)));
        EXPECT_TRUE(p.check_market_hours(true));
        EXPECT_EQ(p.check_market_hours(false), through_broker(k))
            << "a broker session with no files loaded (IBKR) still checks the calendar";
    }
}

TEST(SessionPolicy, GateRow_TheBasicGateIsRefusedThroughABroker) {
    auto cfg = config_with();
    for (Kind k : kAll) {
        engine::SessionConfig sc;
        sc.use_risk_gate = false;
        auto p = policy_for(k, cfg);
        if (through_broker(k)) {
            EXPECT_THROW(apply(p, sc, false, false), PolicyError) << to_string(k);
        } else {
            EXPECT_NO_THROW(apply(p, sc, false, false)) << to_string(k);
        }
    }
}

TEST(SessionPolicy, ApplyPutsTheRowsIntoTheSessionsConfiguration) {
    auto cfg = config_with({{"RISK_KILL_SWITCH_FILE", "ops/ks.json"}});
    engine::SessionConfig sc;
    sc.use_risk_gate = true;
    apply(policy_for(Kind::ibkr_paper, cfg), sc, false, false);
    EXPECT_EQ(sc.risk.kill_switch_file, "ops/ks.json");
    EXPECT_FALSE(sc.risk.reset_kill_switch_daily);
    EXPECT_FALSE(sc.risk.routine_kill_switch);
    EXPECT_TRUE(sc.risk.check_market_hours);
    engine::SessionConfig bt;
    bt.use_risk_gate = true;
    apply(policy_for(Kind::backtest, cfg), bt, false, false);
    EXPECT_TRUE(bt.risk.kill_switch_file.empty());
    EXPECT_TRUE(bt.risk.reset_kill_switch_daily);
    EXPECT_TRUE(bt.risk.routine_kill_switch);
    EXPECT_FALSE(bt.risk.check_market_hours) << "daily bars: orders for the next open";
}

TEST(SessionPolicy, AlertsLiveConfirmationAndLiveDataGateRows) {
    auto cfg = config_with();
    for (Kind k : kAll) {
        auto p = policy_for(k, cfg);
        EXPECT_EQ(p.gate_live_stream, k == Kind::ibkr_paper || k == Kind::ibkr_live) << to_string(k);
        EXPECT_EQ(p.alerts, k != Kind::backtest) << to_string(k);
        EXPECT_EQ(p.live_confirmation, k == Kind::ibkr_live) << to_string(k);
    }
}

// The clock row, through to the engine: a session at IBKR reads the wall clock; every other
// kind reads the data's time, which has not moved before the first event. (A tws-sim session's
// data clock is the simulator's, handed in by session/broker_link.cpp.)
TEST(SessionPolicy, ClockRow_DataTimeInSimulationsTheWallClockAtTheBroker) {
    auto cfg = config_with();
    for (Kind k : kAll) {
        SCOPED_TRACE(std::string(to_string(k)));
        const auto p = policy_for(k, cfg);
        const bool wall = k == Kind::ibkr_paper || k == Kind::ibkr_live;
        EXPECT_EQ(p.clock, wall                 ? ClockSource::wall
                           : k == Kind::tws_sim ? ClockSource::simulator_data
                                                : ClockSource::data);
        engine::SessionConfig sc;
        sc.use_risk_gate = true;
        sc.strategies = {{.name = "sma_crossover"}};
        apply(p, sc, false, false);
        EXPECT_EQ(sc.wall_clock, wall);
        sc.risk.kill_switch_file.clear();  // this test follows the clock, not the operator's file
        data::VectorFeed feed;
        feed.seal();
        log::NullAuditSink audit;
        engine::Session session(sc, feed, audit);
        const Timestamp a_minute_ago = wall_now() - std::chrono::minutes(1);
        // The health snapshot's clock is now(), what the strategies and the gate read.
        EXPECT_EQ(session.engine().health().clock > a_minute_ago, wall) << to_string(p.clock);
    }
}

// The audit-file and recording rows: only a backtest starts its trail afresh, waits for room
// in the recording queue and leaves the database's kill-switch state alone.
TEST(SessionPolicy, AuditFileAndRecordingRows_ABacktestIsResearchEveryOtherKindASession) {
    auto cfg = config_with();
    for (Kind k : kAll) {
        SCOPED_TRACE(std::string(to_string(k)));
        const auto p = policy_for(k, cfg);
        EXPECT_EQ(p.audit_fresh_each_run, k == Kind::backtest);
        EXPECT_EQ(p.recording_waits, k == Kind::backtest);
        EXPECT_EQ(p.recording_moves_kill_switch, k != Kind::backtest);
    }
}

}  // namespace
}  // namespace robo::session

namespace robo::session {
namespace {

// `robo_trader risk` acts on the same state file the sessions through a broker follow, and
// keeps the operator's own actions on the configured audit trail.
TEST(SessionPolicy, OperatorFilesAreTheSessionsStateFileAndTheConfiguredAuditTrail) {
    auto defaults = config_with();
    EXPECT_EQ(operator_state_file(defaults), std::filesystem::path("state/kill_switch.json"));
    EXPECT_EQ(operator_state_file(defaults), policy_for(Kind::tws_sim, defaults).kill_switch_file);
    EXPECT_EQ(operator_audit_file(defaults), std::filesystem::path("logs/audit.jsonl"));
    auto set = config_with(
        {{"RISK_KILL_SWITCH_FILE", "/var/robo/ks.json"}, {"MONITORING_AUDIT_FILE", "/var/robo/a.jsonl"}});
    EXPECT_EQ(operator_state_file(set), std::filesystem::path("/var/robo/ks.json"));
    EXPECT_EQ(operator_state_file(set), policy_for(Kind::ibkr_paper, set).kill_switch_file);
    EXPECT_EQ(operator_audit_file(set), std::filesystem::path("/var/robo/a.jsonl"));
    // Never empty, even for a configuration that was not loaded through the option table.
    EXPECT_FALSE(operator_state_file(config::Config{}).empty());
}

}  // namespace
}  // namespace robo::session
