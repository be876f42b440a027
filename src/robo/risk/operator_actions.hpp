// risk/operator_actions.hpp — what an operator does to the kill switch's persisted state
// (`robo_trader risk reset|trip`, the dashboard's control actions go through the running
// session instead), and the state in words.
//
// Policy: a state file nobody can read counts as tripped (fail closed). Resetting it is a
// deliberate act: only with `replace_unreadable`, and the old file is kept beside it as
// FILE.unreadable-<time>; the replacement is audited. A reset of a switch that was not
// tripped is recorded anyway; a trip of a tripped switch changes nothing.
#pragma once
#include <filesystem>
#include <string>

#include "robo/log/audit_sink.hpp"
#include "robo/risk/kill_switch.hpp"

namespace robo::risk {

enum class OperatorAction : uint8_t { reset, trip };

struct OperatorOutcome {
    enum class Result : uint8_t { done, already_tripped, unreadable_refused } result = Result::done;
    KillSwitchState state;  // after the action
    std::string message;    // what happened beyond the state, one or more lines
};

// Throws std::invalid_argument for an empty reason.
OperatorOutcome operator_change(const std::filesystem::path& state_file, log::AuditSink& audit,
                                OperatorAction action, const std::string& reason, bool replace_unreadable,
                                Timestamp now);

// The state for a terminal: tripped or clear, why, violations in the window, the last five
// trips and resets, and the reset command naming `state_file`.
std::string describe_state(const KillSwitchState& s, const std::filesystem::path& state_file);

}  // namespace robo::risk
