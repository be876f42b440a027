// apps/cmd_audit.cpp — `robo_trader audit verify FILE`: checks the audit trail's hash
// chain and names every edited, removed, inserted or reordered record (line and seq).
// Exit 0 when the chain is intact, 1 when it is broken, 2 when the file cannot be read.
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "robo/log/audit_verify.hpp"

namespace robo::apps {
namespace {

CommandRegistration audit_command{
    "audit", "Work with the tamper-evident audit trail (verify)", [](CLI::App& cmd) {
        cmd.require_subcommand(1);
        auto file = std::make_shared<std::string>();
        CLI::App* verify =
            cmd.add_subcommand("verify", "Check the hash chain of an audit file; exit 1 when broken");
        verify->add_option("FILE", *file, "The audit file (JSON lines)")->required();
        return [file]() -> int { return log::verify_audit_command(*file, std::cout, std::cerr); };
    }};

}  // namespace
}  // namespace robo::apps
