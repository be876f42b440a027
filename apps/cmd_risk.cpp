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
#include "robo/risk/kill_switch.hpp"

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

// --state, else the configured RISK_KILL_SWITCH_FILE (whose default is the sessions' too).
std::string state_path(const RiskFlags& f) {
    if (!f.state.empty()) return f.state;
    const config::LoadResult r = load_config_report(f.config);
    if (r.ok() && !r.config.risk.kill_switch_file.empty()) return r.config.risk.kill_switch_file.string();
    return "state/kill_switch.json";
}

// --audit, else the configured audit file; empty (after printing why) when neither works.
std::filesystem::path audit_path(const RiskFlags& f) {
    if (!f.audit.empty()) return f.audit;
    const config::LoadResult r = load_config_report(f.config);
    if (!r.ok()) {
        for (const auto& e : r.errors()) std::cerr << e << "\n";
        std::cerr << "robo_trader risk: the configuration is invalid, so its audit file is unknown; "
                     "fix it or pass --audit FILE\n";
        return {};
    }
    // Unset: sessions write audit.jsonl beside their report; the operator's own actions go
    // to logs/audit.jsonl.
    return r.config.monitoring.audit_file.empty() ? std::filesystem::path("logs/audit.jsonl")
                                                  : r.config.monitoring.audit_file;
}

void print_state(const risk::KillSwitchState& s, const std::string& file, bool json) {
    if (json) {
        std::cout << s.to_json().dump(2) << "\n";
        return;
    }
    if (s.tripped) {
        std::cout << "kill switch: TRIPPED (" << s.trigger << ") at " << format_iso_micros(s.tripped_at)
                  << "\n"
                  << "  reason: " << s.reason << "\n"
                  << "  new orders are refused; exits pass only in reducing-only mode\n"
                  << "  reset with: robo_trader risk reset --reason \"who: why\" --state " << file << "\n";
    } else {
        std::cout << "kill switch: clear\n";
    }
    std::cout << "  violations recorded in the current window: " << s.recent_violations.size() << "\n";
    size_t first = s.history.size() > 5 ? s.history.size() - 5 : 0;
    for (size_t i = first; i < s.history.size(); ++i) {
        const auto& e = s.history[i];
        std::cout << "  " << format_iso_micros(e.time) << " " << e.action << " (" << e.trigger
                  << "): " << e.reason << "\n";
    }
}

int status(const RiskFlags& f) {
    const std::string file = state_path(f);
    try {
        auto state = risk::KillSwitch::read_state(file);
        if (!state) {
            std::cout << "kill switch: clear (no state file at " << file << " yet)\n";
            return 0;
        }
        print_state(*state, file, f.json);
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
    std::string unreadable;
    try {
        risk::KillSwitch::read_state(file);
    } catch (const std::exception& e) {
        unreadable = e.what();
    }
    if (!unreadable.empty() && reset) {
        // Fail safe: a state nobody can read counts as tripped; clearing it is a deliberate act.
        if (!f.replace_unreadable) {
            std::cerr
                << unreadable
                << "\nrobo_trader risk: the state is unreadable and counts as tripped; to replace it with "
                   "a clear state add --replace-unreadable (the old file is kept beside it)\n";
            return 2;
        }
        const std::string kept =
            file + ".unreadable-" + std::to_string(wall_now().time_since_epoch().count());
        std::filesystem::rename(file, kept);
        audit.record("kill_switch_state_replaced",
                     {{"file", file}, {"kept_as", kept}, {"error", unreadable}});
        std::cout << "the unreadable state was kept as " << kept << "\n";
    }
    risk::KillSwitchOptions options;
    options.state_file = file;
    risk::KillSwitch ks(options, audit);
    const Timestamp now = wall_now();  // an operator acts in real time
    if (reset) {
        if (!ks.tripped()) std::cout << "kill switch was not tripped; the reset is recorded anyway\n";
        ks.reset(f.reason, now);
    } else {
        if (ks.tripped()) {
            std::cout << "kill switch already tripped (" << ks.state().trigger << ")\n";
            return 3;
        }
        ks.trip("operator", f.reason, now);
    }
    print_state(ks.state(), file, false);
    std::cout << "recorded in the audit trail " << audit_file.string() << "\n";
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
            if (f->reason.find_first_not_of(" \t") == std::string::npos) {
                std::cerr << "robo_trader risk: --reason is empty; say who acts and why\n";
                return 2;
            }
            return change(*f, rs->parsed());
        };
    }};

}  // namespace
}  // namespace robo::apps
