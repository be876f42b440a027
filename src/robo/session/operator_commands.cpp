// session/operator_commands.cpp — see operator_commands.hpp.
#include "robo/session/operator_commands.hpp"

#include <ostream>

#include "robo/log/audit_trail.hpp"
#include "robo/session/policy.hpp"

namespace robo::session {
namespace {

std::string state_path(const config::LoadResult& config, const std::string& state) {
    if (!state.empty()) return state;
    return operator_state_file(config.ok() ? config.config : config::Config{}).string();
}

}  // namespace

int kill_switch_status(const config::LoadResult& config, const std::string& state, bool json,
                       std::ostream& out, std::ostream& err) {
    const std::string file = state_path(config, state);
    try {
        auto s = risk::KillSwitch::read_state(file);
        if (!s) {
            out << "kill switch: clear (no state file at " << file << " yet)\n";
            return 0;
        }
        out << (json ? s->to_json().dump(2) + "\n" : risk::describe_state(*s, file));
        return s->tripped ? 3 : 0;
    } catch (const std::exception& e) {
        err << e.what() << "\nrobo_trader risk: the engine treats this as tripped (fail closed)\n";
        return 2;
    }
}

int kill_switch_change(const config::LoadResult& config, const KillSwitchChange& change, std::ostream& out,
                       std::ostream& err) {
    if (change.reason.empty()) {
        err << "robo_trader risk: a reason is required (who and why); it goes to the audit trail\n";
        return 2;
    }
    const std::string file = state_path(config, change.state);
    std::filesystem::path audit_file = change.audit;
    if (audit_file.empty()) {
        if (!config.ok()) {
            for (const auto& e : config.errors()) err << e << "\n";
            err << "robo_trader risk: the configuration is invalid, so its audit file is unknown; fix it or "
                   "pass "
                   "--audit FILE\n";
            return 2;
        }
        audit_file = operator_audit_file(config.config);
    }
    log::AuditTrail audit(audit_file);
    risk::OperatorOutcome o;
    try {
        o = risk::operator_change(file, audit, change.action, change.reason, change.replace_unreadable,
                                  wall_now());  // an operator acts in real time
    } catch (const std::exception& e) {
        err << "robo_trader risk: " << e.what() << "\n";
        return 2;
    }
    using Result = risk::OperatorOutcome::Result;
    if (o.result == Result::unreadable_refused) {
        err << o.message << "\n";
        return 2;
    }
    out << o.message;
    if (o.result == Result::already_tripped) return 3;
    out << risk::describe_state(o.state, file) << "recorded in the audit trail " << audit_file.string()
        << "\n";
    return 0;
}

}  // namespace robo::session
