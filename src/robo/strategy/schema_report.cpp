#include "robo/strategy/schema_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "robo/strategy/schema.hpp"

namespace robo::strategy {

namespace {
std::string shown_default(const ParamSpec& p) {
    if (p.type == ParamType::flag) return p.default_value != 0 ? "true" : "false";
    return fmt::format("{}", p.default_value);
}

std::string shown_bounds(const ParamSpec& p) {
    if (p.type == ParamType::flag) return "true, false";
    return fmt::format("{} .. {}", p.min, p.max);
}

std::string joined(const std::vector<std::string>& items, std::string_view quote) {
    std::string out;
    for (const auto& s : items) out += fmt::format("{}{}{}{}", out.empty() ? "" : ", ", quote, s, quote);
    return out;
}
}  // namespace

std::string render_strategies_text() {
    std::string out;
    for (const StrategyInfo* info : registered_strategies()) {
        out += info->name;
        if (!info->aliases.empty()) out += " (alias " + joined(info->aliases, "") + ")";
        out += "\n  " + info->description + "\n";
        for (const auto& p : info->params)
            out += fmt::format("  {:<14} {:<8} default {:<7} {:<16} {}\n", p.name, to_string(p.type),
                               shown_default(p), shown_bounds(p), p.description);
    }
    return out;
}

std::string render_strategies_json() { return strategies_json().dump(2) + "\n"; }

nlohmann::json strategies_json() {
    nlohmann::json all = nlohmann::json::array();
    for (const StrategyInfo* info : registered_strategies()) {
        nlohmann::json params = nlohmann::json::array();
        for (const auto& p : info->params) {
            const bool flag = p.type == ParamType::flag;
            params.push_back({{"name", p.name},
                              {"type", to_string(p.type)},
                              {"default", p.default_value},
                              {"min", flag ? 0.0 : p.min},
                              {"max", flag ? 1.0 : p.max},
                              {"description", p.description}});
        }
        all.push_back({{"name", info->name},
                       {"aliases", info->aliases},
                       {"description", info->description},
                       {"params", params}});
    }
    return all;
}

std::string render_strategies_markdown() {
    std::string out;
    for (const StrategyInfo* info : registered_strategies()) {
        out += "\n### " + info->name + "\n\n" + info->description + ".";
        if (!info->aliases.empty()) out += " Also named " + joined(info->aliases, "`") + ".";
        out += "\n\n| parameter | type | default | bounds | description |\n|---|---|---|---|---|\n";
        for (const auto& p : info->params)
            out += fmt::format("| `{}` | {} | {} | {} | {} |\n", p.name, to_string(p.type), shown_default(p),
                               shown_bounds(p), p.description);
    }
    return out;
}

}  // namespace robo::strategy
