// apps/cmd_audit.cpp — `robo_trader audit verify FILE`: checks the audit trail's hash
// chain and names every edited, removed, inserted or reordered record (line and seq).
// Exit 0 when the chain is intact, 1 when it is broken, 2 when the file cannot be read.
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "robo/log/audit_trail.hpp"

namespace robo::apps {
namespace {

CommandRegistration audit_command{
    "audit", "Work with the tamper-evident audit trail (verify)", [](CLI::App& cmd) {
        cmd.require_subcommand(1);
        auto file = std::make_shared<std::string>();
        CLI::App* verify =
            cmd.add_subcommand("verify", "Check the hash chain of an audit file; exit 1 when broken");
        verify->add_option("FILE", *file, "The audit file (JSON lines)")->required();
        return [file]() -> int {
            log::AuditVerification v;
            try {
                v = log::verify_audit_file(*file);
            } catch (const log::AuditError& e) {
                std::cerr << e.what() << "\n";
                return 2;
            }
            for (const auto& p : v.problems)
                std::cout << *file << ": " << log::to_string(p.kind) << ": " << p.message << "\n";
            if (v.ok()) {
                std::cout << *file << ": " << v.records << " records, chain intact\n";
                return 0;
            }
            std::cout << *file << ": " << v.problems.size() << " problem(s) in " << v.records
                      << " records: the audit trail was tampered with or damaged\n";
            return 1;
        };
    }};

}  // namespace
}  // namespace robo::apps
