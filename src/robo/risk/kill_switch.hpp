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
//
// One state file may be shared by several processes (a trading session and the operator's
// `robo_trader risk trip|reset`): every change is a read-modify-write under an exclusive
// flock on the file's folder, and each write bumps `revision`. A change made by another
// process is adopted before this one applies its own, so an operator's trip is never
// overwritten by a session's violation count. sync() adopts such a change between writes
// (a session calls it when the file changes, see KillSwitchWatch) and says what changed.
#pragma once
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
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
    int64_t revision = 0;                      // bumped by every write; 0 in files that predate it

    nlohmann::json to_json() const;
    // Throws std::runtime_error naming the field that is missing or malformed.
    static KillSwitchState from_json(const nlohmann::json& j);
};

// What sync() found in the state file.
enum class KillSwitchChange { none, tripped, reset };

struct KillSwitchOptions {
    int violations = 5;
    Duration window = std::chrono::minutes(5);
    std::filesystem::path state_file;  // empty: in memory only
    // A simulation's trips and resets are routine (the audit trail and the summary count
    // them): logged at info. Otherwise a trip is an error line and a reset a warning.
    bool routine = false;
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
    // Adopts what another process wrote to the state file since this switch last read or
    // wrote it (audited and logged with "source": "state_file"). A state file that has
    // become unreadable trips the switch (fail safe) and is left as it is for inspection.
    // No state file: always none.
    KillSwitchChange sync(Timestamp now);

    // Reads a state file; std::nullopt when it does not exist; throws std::runtime_error
    // "FILE: ..." when it exists but is unreadable.
    static std::optional<KillSwitchState> read_state(const std::filesystem::path& file);
    // Atomic durable write (temp + fsync + rename + fsync of the folder); throws on failure.
    static void write_state(const std::filesystem::path& file, const KillSwitchState& state);

private:
    void prune(Timestamp now);
    // Applies `change` to the state; with a state file, under the folder's lock, after
    // adopting the file's newer state, and then writes the result.
    template <class Change>
    void mutate(Timestamp now, Change&& change);
    KillSwitchChange adopt(KillSwitchState file_state, Timestamp now);
    void fail_safe(const std::string& why, Timestamp now);
    void set_tripped(std::string_view trigger, std::string_view reason, Timestamp now);
    void remember(KillSwitchEvent event);

    KillSwitchOptions options_;
    log::AuditSink& audit_;
    KillSwitchState state_;
    int64_t seen_revision_ = 0;  // the file's revision this switch last read or wrote
};

}  // namespace robo::risk
