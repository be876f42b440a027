// session/policy.hpp — what the kind of session decides, in one place.
//
// A session is one of five kinds: a backtest, a replay traded by the paper broker inside
// the process, or a session through the TWS socket API (the simulator, an IBKR paper
// account, a live account). The kind alone decides the safety policy below; the command
// line, the tests and every other way of building a session ask this table and never
// decide any of it themselves. docs/architecture.md prints the same table.
//
//                       backtest   replay    tws-sim    ibkr paper   ibkr live
//   clock               data       data      sim. data  wall         wall
//   kill switch         memory     memory    state file state file   state file
//   reset               next day*  next day* operator   operator     operator
//   a trip is logged    info       info      error      error        error
//   audit fsync         none       setting   every rec. every rec.   every rec.
//   market hours        intraday   intraday  always     always       always
//   risk gate           any        any       full gate  full gate    full gate
//   live data gate      -          -         at load    stream       stream
//   alerts              none       webhook   webhook    webhook      webhook
//   live confirmation   -          -         -          -            required
//   audit file          fresh      appended  appended   appended     appended
//   recording queue     waits      drops**   drops**    drops**      drops**
//   recorded kill sw.   untouched  moved     moved      moved        moved
//   (* in data time, audited, counted in the summary and the report: nobody is on call
//    for a simulation; a session that can reach a broker waits for an operator.)
//   (** never blocks the engine: a record the database writer has no room for is dropped,
//    counted and reported at the end. A backtest has no market to keep up with: it waits.)
// "recorded kill sw.": whether the session's trips and resets move the database's current
// kill-switch state (`db status`); a backtest's simulated switch is not the system's.
//
// "clock": what now() reads for the strategies, the gate and the audit records. "data": the
// time of the data being replayed, which the engine advances; "sim. data": the simulator's
// data time, stamped by the broker (session/broker_link.cpp hands the feed's clock in);
// "wall": the system clock, on which the engine arms strategy timers. The session injects
// it (engine::SessionConfig::wall_clock, EngineConfig::clock); the engine never picks one.
//
// "state file": RISK_KILL_SWITCH_FILE, read at start (a tripped or unreadable file refuses
// every entry from the first order), written at once on every trip, and followed while the
// session runs (`robo_trader risk trip|reset` takes effect within a second).
// "stream": every record from the broker passes the streaming quality gate
// (engine/quality_feed.hpp) before the engine sees it. Files pass the row gate at load in
// every kind (data/quality/row_gate.hpp); tws-sim replays only the rows that passed, on a
// compressed clock of whole seconds where repeated prints and daily moves a second apart
// are the replay's own shape, so its stream is not judged again ("at load").
// "intraday": the market-hours check runs when the session trades intraday data; orders
// decided on daily bars are placed for the next session's open. Every US equity trades on
// the NYSE/NASDAQ calendar (data/calendar.hpp), so that calendar is each symbol's.
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>

#include "robo/config/config.hpp"
#include "robo/engine/session.hpp"
#include "robo/log/audit_trail.hpp"

namespace robo::session {

enum class Kind : uint8_t { backtest, replay, tws_sim, ibkr_paper, ibkr_live };
std::string_view to_string(Kind k) noexcept;

// The clock row: whose time now() is.
enum class ClockSource : uint8_t { data, simulator_data, wall };
std::string_view to_string(ClockSource c) noexcept;

// A setting the kind of session does not allow (e.g. MONITORING_AUDIT_FSYNC=none through a
// broker). what() names the setting, the value and why.
class PolicyError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct Policy {
    Kind kind = Kind::backtest;
    engine::Mode mode = engine::Mode::backtest;  // the engine's loop: as fast as it can, paced, live
    ClockSource clock = ClockSource::data;
    bool through_broker = false;             // orders leave the process (TWS protocol)
    std::filesystem::path kill_switch_file;  // empty: the switch lives in memory
    bool kill_switch_resets_daily = true;    // in data time, when no operator is on call
    bool kill_switch_trips_routine = true;   // logged at info (the audit and the summary count them)
    log::FsyncPolicy audit_fsync = log::FsyncPolicy::none;
    bool market_hours_always = false;          // else only when the session trades intraday data
    bool requires_full_gate = false;           // the basic gate has no persisted kill switch
    bool gate_live_stream = false;             // the broker's records pass the streaming quality gate
    bool alerts = false;                       // webhook alerts when MONITORING_ALERT_WEBHOOK is set
    bool live_confirmation = false;            // EXECUTION_LIVE_CONFIRM and --confirm-live
    bool audit_fresh_each_run = true;          // a backtest's trail starts empty; sessions append
    bool recording_waits = true;               // else a record the writer has no room for is dropped
    bool recording_moves_kill_switch = false;  // trips move the database's kill-switch state

    // Whether a tripped switch resets at the next New York day: only where the kind allows
    // it and no operator is attached (a dashboard with a control token).
    bool resets_kill_switch_daily(bool operator_attached) const noexcept {
        return kill_switch_resets_daily && !operator_attached;
    }
    // Whether the gate checks market hours for a session with (or without) intraday data.
    bool check_market_hours(bool trades_intraday) const noexcept {
        return market_hours_always || trades_intraday;
    }
    // One line for the start-up banner: "kill switch state/kill_switch.json (operator
    // reset only), audit synced every record, market hours checked".
    std::string describe() const;
};

// The policy of a session of `kind` under `cfg`. Throws PolicyError when the configuration
// asks for something the kind does not allow.
Policy policy_for(Kind kind, const config::Config& cfg);

// Puts the policy into a session's configuration: the clock, the kill switch's file and
// reset, the market-hours check. Throws PolicyError when the configuration breaks it (a session
// through a broker on the basic gate, which has no persisted kill switch).
void apply(const Policy& policy, engine::SessionConfig& sc, bool trades_intraday, bool operator_attached);

// The kind of a `run`/`backtest` session: `broker` is paper, tws-sim or ibkr; an ibkr
// session is live when EXECUTION_MODE=live. Throws PolicyError for an unknown broker.
Kind kind_of(engine::Mode requested, std::string_view broker, const config::Config& cfg);

// The files `robo_trader risk status|reset|trip` acts on when not named: the kill switch's
// state file of the sessions through a broker (RISK_KILL_SWITCH_FILE; its default when unset),
// and the audit trail of the operator's own actions (MONITORING_AUDIT_FILE; unset, sessions
// write theirs beside their report, so the operator's go to logs/audit.jsonl).
std::filesystem::path operator_state_file(const config::Config& cfg);
std::filesystem::path operator_audit_file(const config::Config& cfg);

}  // namespace robo::session
