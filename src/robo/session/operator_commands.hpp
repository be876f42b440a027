// session/operator_commands.hpp — `robo_trader risk status|reset|trip`: the operator's handle
// on the kill switch's persisted state, from a configuration to an exit status.
//
// status: the state (tripped or clear, why, violations in the window, recent trips and
//         resets); 0 when clear, 3 when tripped, 2 when the state cannot be read (the engine
//         treats that as tripped: fail closed).
// reset:  clears a tripped switch; the reason goes to the audit trail and into the state
//         file's history. An unreadable state file counts as tripped: it is replaced only with
//         replace_unreadable, and kept beside as FILE.unreadable-<time>.
// trip:   trips it by hand (maintenance, a broker incident).
// A session through a broker that is running adopts a trip or a reset within a second.
#pragma once
#include <iosfwd>
#include <string>

#include "robo/config/loader.hpp"
#include "robo/risk/operator_actions.hpp"

namespace robo::session {

// state: the state file; empty: RISK_KILL_SWITCH_FILE of `config` (the built-in default when
// the configuration is invalid: the operator still sees the switch a session would use).
int kill_switch_status(const config::LoadResult& config, const std::string& state, bool json,
                       std::ostream& out, std::ostream& err);

struct KillSwitchChange {
    risk::OperatorAction action = risk::OperatorAction::trip;
    std::string state;   // empty: RISK_KILL_SWITCH_FILE
    std::string audit;   // empty: MONITORING_AUDIT_FILE (refused when the configuration is invalid)
    std::string reason;  // who and why; required
    bool replace_unreadable = false;
};
// 0 when done, 3 when tripping a switch already tripped, 2 when refused (an unreadable state
// without replace_unreadable, no reason, an unknown audit file).
int kill_switch_change(const config::LoadResult& config, const KillSwitchChange& change, std::ostream& out,
                       std::ostream& err);

}  // namespace robo::session
