// apps/cmd_risk.cpp — `robo_trader risk status|reset|trip`: the flags of the operator's
// kill-switch commands (session/operator_commands.hpp says what each does and its exit
// status). The state file is --state, else RISK_KILL_SWITCH_FILE; the audit trail is
// --audit, else MONITORING_AUDIT_FILE of the configuration.
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "robo/session/operator_commands.hpp"

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
            const config::LoadResult config = load_config_report(f->config);
            if (st->parsed())
                return session::kill_switch_status(config, f->state, f->json, std::cout, std::cerr);
            session::KillSwitchChange c{
                rs->parsed() ? risk::OperatorAction::reset : risk::OperatorAction::trip, f->state, f->audit,
                f->reason, f->replace_unreadable};
            return session::kill_switch_change(config, c, std::cout, std::cerr);
        };
    }};

}  // namespace
}  // namespace robo::apps
