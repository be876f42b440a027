// risk/kill_switch.hpp — the emergency stop: trips on too many rejected orders in a window
// or at once on a daily-loss, drawdown or leverage breach, and stays tripped across
// restarts until an operator resets it with a reason.
//
// Time is always passed in (the simulated clock in backtests); this class never reads the
// wall clock. The window is half-open: a violation counts while now - time < window, so
// one exactly `window` old has left it. The switch trips when the count reaches
// `violations` (the Nth violation inside the window trips it: "5 in 5 minutes").
//
// With a state file, every change (violation counted, trip, reset) is written as JSON to a
// temporary file in the same folder, fsync'd, renamed over the state file, and the folder
// fsync'd, so a crash leaves either the old or the new state, never a torn one. A state
// file that exists but cannot be read fails closed: the switch starts tripped, saying why.
// Trips and resets go to the audit trail; a reset needs a non-empty reason.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "robo/core/time.hpp"
#include "robo/log/audit_sink.hpp"

namespace robo::risk {

struct KillSwitchEvent {
    std::string action;   // "tripped" or "reset"
    std::string trigger;  // e.g. "daily_loss", "violations", "operator"
    std::string reason;
    Timestamp time{};
};

struct KillSwitchState {
    bool tripped = false;
    std::string trigger;  // what tripped it
    std::string reason;   // the details
    Timestamp tripped_at{};
    std::vector<Timestamp> recent_violations;  // inside the window, oldest first
    std::vector<KillSwitchEvent> history;      // last trips and resets, oldest first (capped)

    nlohmann::json to_json() const;
    // Throws std::runtime_error naming the field that is missing or malformed.
    static KillSwitchState from_json(const nlohmann::json& j);
};

struct KillSwitchOptions {
    int violations = 5;
    Duration window = std::chrono::minutes(5);
    std::filesystem::path state_file;  // empty: in memory only
};

class KillSwitch {
public:
    static constexpr size_t history_limit = 50;

    KillSwitch(KillSwitchOptions options, log::AuditSink& audit);

    bool tripped() const noexcept { return state_.tripped; }
    const KillSwitchState& state() const noexcept { return state_; }
    const KillSwitchOptions& options() const noexcept { return options_; }
    // Violations still inside the window at `now`.
    int violations_in_window(Timestamp now) const;

    // Counts one rejected order; returns true when this call tripped the switch.
    bool record_violation(std::string_view kind, Timestamp now);
    // Trips at once (no-op when already tripped). trigger: a short code; reason: details.
    void trip(std::string_view trigger, std::string_view reason, Timestamp now);
    // Operator reset: clears the trip and the window. Throws std::invalid_argument when the
    // reason is empty.
    void reset(std::string_view reason, Timestamp now);

    // Reads a state file; std::nullopt when it does not exist; throws std::runtime_error
    // "FILE: ..." when it exists but is unreadable.
    static std::optional<KillSwitchState> read_state(const std::filesystem::path& file);
    // Atomic durable write (temp + fsync + rename + fsync of the folder); throws on failure.
    static void write_state(const std::filesystem::path& file, const KillSwitchState& state);

private:
    void prune(Timestamp now);
    void persist();
    void remember(KillSwitchEvent event);

    KillSwitchOptions options_;
    log::AuditSink& audit_;
    KillSwitchState state_;
};

}  // namespace robo::risk
