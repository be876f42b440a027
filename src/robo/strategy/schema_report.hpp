// strategy/schema_report.hpp — the registered strategies and their parameter schemas as
// people and programs read them: `robo_trader strategies` (text, --json) and the table in
// docs/strategies.md (Markdown, between "<!-- BEGIN GENERATED -->" and
// "<!-- END GENERATED -->"; a test keeps the file equal to what the binary prints).
// Everything here is generated from the registry (schema.hpp), in name order.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace robo::strategy {

// One block per strategy: name, aliases, description, then one line per parameter.
std::string render_strategies_text();
// [{"name", "aliases", "description", "params": [{"name", "type", "default", "min", "max",
// "description"}]}]; a flag's default is 0 or 1 and its bounds are 0 and 1.
nlohmann::json strategies_json();
// strategies_json(), indented, with a newline: `robo_trader strategies --json`.
std::string render_strategies_json();
// A section per strategy with a table of its parameters.
std::string render_strategies_markdown();

}  // namespace robo::strategy
