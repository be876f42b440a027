// apps/cmd_strategies.cpp — `robo_trader strategies [--json | --markdown]`: every registered
// strategy with its description and parameters (type, default, bounds, description), from
// the schema each strategy declares (strategy/schema.hpp). --json is for programs;
// --markdown is the table in docs/strategies.md.
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "robo/strategy/schema_report.hpp"

namespace robo::apps {
namespace {

struct StrategiesArgs {
    bool json = false;
    bool markdown = false;
};

CommandRegistration strategies_command{
    "strategies", "List the strategies and their parameters (type, default, bounds)", [](CLI::App& cmd) {
        auto a = std::make_shared<StrategiesArgs>();
        auto* json = cmd.add_flag("--json", a->json, "Print JSON");
        cmd.add_flag("--markdown", a->markdown, "Print the Markdown table of docs/strategies.md")
            ->excludes(json);
        return [a]() -> int {
            if (a->json)
                std::cout << strategy::render_strategies_json();
            else if (a->markdown)
                std::cout << strategy::render_strategies_markdown();
            else
                std::cout << strategy::render_strategies_text();
            return 0;
        };
    }};

}  // namespace
}  // namespace robo::apps
