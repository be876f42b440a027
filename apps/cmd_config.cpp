// apps/cmd_config.cpp — `robo_trader config check|example|reference`.
//
// check: prints the effective configuration with each value's source (secrets redacted),
// every warning and error, and exits 1 when anything is invalid.
// example: prints .env.example; reference: prints the Markdown option reference.
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "robo/config/loader.hpp"
#include "robo/config/report.hpp"

namespace robo::apps {
namespace {

CommandRegistration config_command{
    "config", "Show and check the configuration (check, example, reference)", [](CLI::App& cmd) {
        cmd.require_subcommand(1);
        auto flags = std::make_shared<ConfigFlags>();
        CLI::App* check = cmd.add_subcommand(
            "check", "Print the effective configuration with the source of each value; exit 1 when invalid");
        add_config_flags(*check, *flags);
        CLI::App* example =
            cmd.add_subcommand("example", "Print .env.example (every option with default and range)");
        CLI::App* reference = cmd.add_subcommand("reference", "Print the option reference as Markdown");
        return [=]() -> int {
            if (example->parsed()) {
                std::cout << config::render_env_example();
                return 0;
            }
            if (reference->parsed()) {
                std::cout << config::render_reference_markdown();
                return 0;
            }
            const config::LoadResult result = load_config_report(*flags);
            std::cout << config::render_check_report(result);
            return result.ok() ? 0 : 1;
        };
    }};

}  // namespace
}  // namespace robo::apps
