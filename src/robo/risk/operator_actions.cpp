// risk/operator_actions.cpp — see operator_actions.hpp.
#include "robo/risk/operator_actions.hpp"

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace robo::risk {

OperatorOutcome operator_change(const std::filesystem::path& state_file, log::AuditSink& audit,
                                OperatorAction action, const std::string& reason, bool replace_unreadable,
                                Timestamp now) {
    if (reason.find_first_not_of(" \t") == std::string::npos)
        throw std::invalid_argument("--reason is empty; say who acts and why");
    OperatorOutcome out;
    std::string unreadable;
    try {
        KillSwitch::read_state(state_file.string());
    } catch (const std::exception& e) {
        unreadable = e.what();
    }
    if (!unreadable.empty() && action == OperatorAction::reset) {
        if (!replace_unreadable) {
            out.result = OperatorOutcome::Result::unreadable_refused;
            out.message = unreadable +
                          "\nthe state is unreadable and counts as tripped; to replace it with a clear state "
                          "add --replace-unreadable (the old file is kept beside it)";
            return out;
        }
        const std::string file = state_file.string();
        const std::string kept = file + ".unreadable-" + std::to_string(now.time_since_epoch().count());
        std::filesystem::rename(file, kept);
        audit.record("kill_switch_state_replaced",
                     {{"file", file}, {"kept_as", kept}, {"error", unreadable}});
        out.message = "the unreadable state was kept as " + kept + "\n";
    }
    KillSwitchOptions options;
    options.state_file = state_file.string();
    KillSwitch ks(options, audit);
    if (action == OperatorAction::reset) {
        if (!ks.tripped()) out.message += "kill switch was not tripped; the reset is recorded anyway\n";
        ks.reset(reason, now);
    } else if (ks.tripped()) {
        out.result = OperatorOutcome::Result::already_tripped;
        out.message += "kill switch already tripped (" + ks.state().trigger + ")\n";
    } else {
        ks.trip("operator", reason, now);
    }
    out.state = ks.state();
    return out;
}

std::string describe_state(const KillSwitchState& s, const std::filesystem::path& state_file) {
    std::ostringstream out;
    if (s.tripped) {
        out << "kill switch: TRIPPED (" << s.trigger << ") at " << format_iso_micros(s.tripped_at) << "\n"
            << "  reason: " << s.reason << "\n"
            << "  new orders are refused; exits pass only in reducing-only mode\n"
            << "  reset with: robo_trader risk reset --reason \"who: why\" --state " << state_file.string()
            << "\n";
    } else {
        out << "kill switch: clear\n";
    }
    out << "  violations recorded in the current window: " << s.recent_violations.size() << "\n";
    const size_t first = s.history.size() > 5 ? s.history.size() - 5 : 0;
    for (size_t i = first; i < s.history.size(); ++i) {
        const auto& e = s.history[i];
        out << "  " << format_iso_micros(e.time) << " " << e.action << " (" << e.trigger << "): " << e.reason
            << "\n";
    }
    return out.str();
}

}  // namespace robo::risk
