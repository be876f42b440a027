#include "robo/session/policy.hpp"

#include "robo/config/options.hpp"

#include <fmt/format.h>

namespace robo::session {

std::string_view to_string(Kind k) noexcept {
    switch (k) {
        case Kind::backtest:
            return "backtest";
        case Kind::replay:
            return "replay";
        case Kind::tws_sim:
            return "tws-sim";
        case Kind::ibkr_paper:
            return "ibkr paper";
        case Kind::ibkr_live:
            return "ibkr live";
    }
    return "?";
}

std::string_view to_string(ClockSource c) noexcept {
    switch (c) {
        case ClockSource::data:
            return "data time";
        case ClockSource::simulator_data:
            return "the simulator's data time";
        case ClockSource::wall:
            return "wall clock";
    }
    return "?";
}

Kind kind_of(engine::Mode requested, std::string_view broker, const config::Config& cfg) {
    if (broker == "paper" || broker.empty())
        return requested == engine::Mode::backtest ? Kind::backtest : Kind::replay;
    if (requested == engine::Mode::backtest)
        throw PolicyError(fmt::format("a backtest has no broker; \"{}\" is for `run`", broker));
    if (broker == "tws-sim") return Kind::tws_sim;
    if (broker == "ibkr")
        return cfg.execution.mode == config::ExecutionMode::live ? Kind::ibkr_live : Kind::ibkr_paper;
    throw PolicyError(fmt::format("broker \"{}\": expected paper, tws-sim or ibkr", broker));
}

Policy policy_for(Kind kind, const config::Config& cfg) {
    Policy p;
    p.kind = kind;
    switch (kind) {
        case Kind::backtest:
            p.mode = engine::Mode::backtest;
            break;
        case Kind::replay:
            p.mode = engine::Mode::replay;
            break;
        case Kind::tws_sim:
            p.mode = engine::Mode::replay;
            p.clock = ClockSource::simulator_data;
            break;
        case Kind::ibkr_paper:
            p.mode = engine::Mode::paper;
            p.clock = ClockSource::wall;
            break;
        case Kind::ibkr_live:
            p.mode = engine::Mode::live;
            p.clock = ClockSource::wall;
            break;
    }
    p.audit_fresh_each_run = p.recording_waits = kind == Kind::backtest;
    p.recording_moves_kill_switch = kind != Kind::backtest;
    p.through_broker = kind == Kind::tws_sim || kind == Kind::ibkr_paper || kind == Kind::ibkr_live;
    p.live_confirmation = kind == Kind::ibkr_live;
    p.alerts = kind != Kind::backtest;
    if (p.through_broker) {
        if (cfg.risk.kill_switch_file.empty())
            throw PolicyError(
                "RISK_KILL_SWITCH_FILE is empty: a session through a broker keeps the operator's kill switch "
                "in that file");
        p.kill_switch_file = cfg.risk.kill_switch_file;
        p.kill_switch_resets_daily = false;
        p.kill_switch_trips_routine = false;
        if (cfg.monitoring.audit_fsync == config::AuditFsync::none)
            throw PolicyError(fmt::format(
                "MONITORING_AUDIT_FSYNC=none is refused for a {} session: a session that can send orders "
                "syncs every audit record (unset it or set every_record)",
                to_string(kind)));
        p.audit_fsync = log::FsyncPolicy::every_record;
        p.market_hours_always = true;
        p.requires_full_gate = true;
        p.gate_live_stream = kind != Kind::tws_sim;  // the simulator's rows passed at load
    } else if (kind == Kind::replay) {
        p.audit_fsync = cfg.monitoring.audit_fsync == config::AuditFsync::none
                            ? log::FsyncPolicy::none
                            : log::FsyncPolicy::every_record;
    }
    // A backtest is research that can be run again: its audit trail is not synced.
    return p;
}

void apply(const Policy& policy, engine::SessionConfig& sc, bool trades_intraday, bool operator_attached) {
    if (policy.requires_full_gate && !sc.use_risk_gate)
        throw PolicyError(fmt::format(
            "the basic gate (--risk basic) is refused for a {} session: a session that can reach a broker "
            "trades through the full risk gate and the operator's kill switch",
            to_string(policy.kind)));
    sc.wall_clock = policy.clock == ClockSource::wall;
    sc.risk.kill_switch_file = policy.kill_switch_file;
    sc.risk.routine_kill_switch = policy.kill_switch_trips_routine;
    sc.risk.reset_kill_switch_daily = policy.resets_kill_switch_daily(operator_attached);
    sc.risk.check_market_hours = policy.check_market_hours(trades_intraday);
}

std::string Policy::describe() const {
    std::string ks = kill_switch_file.empty()
                         ? "kill switch in memory (reset at the next New York day)"
                         : "kill switch " + kill_switch_file.string() + " (operator reset only)";
    return fmt::format("{}, {}, audit {}, market hours {}", to_string(clock), ks,
                       audit_fsync == log::FsyncPolicy::every_record ? "synced every record" : "not synced",
                       market_hours_always ? "checked" : "checked on intraday data");
}

std::filesystem::path operator_state_file(const config::Config& cfg) {
    if (!cfg.risk.kill_switch_file.empty()) return cfg.risk.kill_switch_file;
    return std::string(config::find_option("RISK_KILL_SWITCH_FILE")->default_value);
}

std::filesystem::path operator_audit_file(const config::Config& cfg) {
    return cfg.monitoring.audit_file.empty() ? std::filesystem::path("logs/audit.jsonl")
                                             : cfg.monitoring.audit_file;
}

}  // namespace robo::session
