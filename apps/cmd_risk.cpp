// apps/cmd_risk.cpp — `robo_trader risk status|reset|trip`: the operator's handle on the
// kill switch's persisted state.
//
// status: prints the state (tripped or clear, why, violations in the window, recent trips
//         and resets); exit 0 when clear, 3 when tripped, 2 when the state cannot be read.
// reset:  clears a tripped switch; needs --reason, which goes to the audit trail and into
//         the state file's history. An unreadable state file counts as tripped: it is
//         replaced only with --replace-unreadable, and kept beside as FILE.unreadable-<time>.
// trip:   trips it by hand (maintenance, a broker incident); needs --reason too.
// A session through a broker that is running adopts a trip or a reset within a second.
// The state file is --state, else RISK_KILL_SWITCH_FILE; the audit trail is --audit, else
// MONITORING_AUDIT_FILE of the configuration.
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "robo/config/loader.hpp"
#include "robo/log/audit_trail.hpp"
#include "robo/risk/operator_actions.hpp"
#include "robo/session/policy.hpp"

namespace robo::apps {
namespace {

struct RiskFlags {
    std::string state;  // default RISK_KILL_SWITCH_FILE
    std::string audit;
    std::string reason;
    bool json = false;
    bool replace_unreadable = false;
    ConfigFlags config;
};

// --state, else the configured one (session/policy.hpp: operator_state_file).
std::string state_path(const RiskFlags& f) {
    if (!f.state.empty()) return f.state;
    const config::LoadResult r = load_config_report(f.config);
    return session::operator_state_file(r.ok() ? r.config : config::Config{}).string();
}

// --audit, else the configured one; empty (after printing why) when the configuration is invalid.
std::filesystem::path audit_path(const RiskFlags& f) {
    if (!f.audit.empty()) return f.audit;
    const config::LoadResult r = load_config_report(f.config);
    if (!r.ok()) {
        for (const auto& e : r.errors()) std::cerr << e << "\n";
        std::cerr << "robo_trader risk: the configuration is invalid, so its audit file is unknown; "
                     "fix it or pass --audit FILE\n";
        return {};
    }
    return session::operator_audit_file(r.config);
}

int status(const RiskFlags& f) {
    const std::string file = state_path(f);
    try {
        auto state = risk::KillSwitch::read_state(file);
        if (!state) {
            std::cout << "kill switch: clear (no state file at " << file << " yet)\n";
            return 0;
        }
        std::cout << (f.json ? state->to_json().dump(2) + "\n" : risk::describe_state(*state, file));
        return state->tripped ? 3 : 0;
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\nrobo_trader risk: the engine treats this as tripped (fail closed)\n";
        return 2;
    }
}

int change(const RiskFlags& f, bool reset) {
    const std::string file = state_path(f);
    auto audit_file = audit_path(f);
    if (audit_file.empty()) return 2;
    log::AuditTrail audit(audit_file);
    risk::OperatorOutcome o;
    try {
        o = risk::operator_change(file, audit,
                                  reset ? risk::OperatorAction::reset : risk::OperatorAction::trip, f.reason,
                                  f.replace_unreadable, wall_now());  // an operator acts in real time
    } catch (const std::exception& e) {
        std::cerr << "robo_trader risk: " << e.what() << "\n";
        return 2;
    }
    using Result = risk::OperatorOutcome::Result;
    if (o.result == Result::unreadable_refused) {
        std::cerr << o.message << "\n";
        return 2;
    }
    std::cout << o.message;
    if (o.result == Result::already_tripped) return 3;
    std::cout << risk::describe_state(o.state, file) << "recorded in the audit trail " << audit_file.string()
              << "\n";
    return 0;
}

CommandRegistration risk_command{
    "risk", "Inspect, reset or trip the risk kill switch (status, reset, trip)", [](CLI::App& cmd) {
        cmd.require_subcommand(1);
        auto f = std::make_shared<RiskFlags>();
        CLI::App* st =
            cmd.add_subcommand("status", "Show the kill switch; exit 0 clear, 3 tripped, 2 unreadable");
        CLI::App* rs = cmd.add_subcommand("reset", "Clear a tripped kill switch (operator only; audited)");
        CLI::App* tr = cmd.add_subcommand("trip", "Trip the kill switch by hand (audited)");
        for (CLI::App* sub : {st, rs, tr}) {
            sub->add_option("--state", f->state, "Kill-switch state file (default RISK_KILL_SWITCH_FILE)");
            add_config_flags(*sub, f->config);
        }
        st->add_flag("--json", f->json, "Print the state file's JSON");
        for (CLI::App* sub : {rs, tr}) {
            sub->add_option("--reason", f->reason, "Who and why; goes to the audit trail")->required();
            sub->add_option("--audit", f->audit, "Audit trail file (default: MONITORING_AUDIT_FILE)");
        }
        rs->add_flag("--replace-unreadable", f->replace_unreadable,
                     "Replace an unreadable state file with a clear one (kept beside it)");
        return [=]() -> int {
            if (st->parsed()) return status(*f);
            return change(*f, rs->parsed());
        };
    }};

}  // namespace
}  // namespace robo::apps
