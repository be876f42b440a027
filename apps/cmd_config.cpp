// apps/cmd_config.cpp — `robo_trader config check|example|reference`.
//
// check: prints the effective configuration with each value's source (secrets redacted),
// every warning and error, and exits 1 when anything is invalid.
// example: prints .env.example; reference: prints the Markdown option reference.
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "robo/config/loader.hpp"
#include "robo/config/report.hpp"

namespace robo::apps {
namespace {

struct CheckFlags {
    std::string env_file;
    std::string config_file;
    std::vector<std::string> overrides;
};

CommandRegistration config_command{
    "config", "Show and check the configuration (check, example, reference)", [](CLI::App& cmd) {
        cmd.require_subcommand(1);
        auto flags = std::make_shared<CheckFlags>();
        CLI::App* check = cmd.add_subcommand(
            "check", "Print the effective configuration with the source of each value; exit 1 when invalid");
        check->add_option("--env-file", flags->env_file, "The .env file (default: ./.env when present)");
        check->add_option("--config", flags->config_file,
                          "The TOML config file (default: ./config.toml when present)");
        check->add_option("--set", flags->overrides, "Override a variable: --set KEY=VALUE (repeatable)");
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
            config::LoadOptions options;
            if (!flags->env_file.empty()) options.env_file = flags->env_file;
            if (!flags->config_file.empty()) options.config_file = flags->config_file;
            options.overrides = flags->overrides;
            const config::LoadResult result = config::load(options);
            std::cout << config::render_check_report(result);
            return result.ok() ? 0 : 1;
        };
    }};

}  // namespace
}  // namespace robo::apps
