#include "robo/config/report.hpp"

#include <algorithm>
#include <map>

#include "robo/config/presets.hpp"

namespace robo::config {
namespace {

std::string group_title(std::string_view group) {
    if (group.empty()) return "General";
    if (group == "ibkr") return "IBKR_ (broker connection)";
    if (group == "execution") return "EXECUTION_ (order execution)";
    if (group == "risk") return "RISK_ (risk limits and sizing)";
    if (group == "data") return "DATA_ (market data)";
    if (group == "strategy") return "STRATEGY_ (strategies)";
    if (group == "monitoring") return "MONITORING_ (logging, audit, HTTP)";
    return std::string(group);
}

std::string preset_note(std::string_view name) {
    std::string out;
    for (const auto& p : presets()) {
        if (p.name != name) continue;
        if (!out.empty()) out += ", ";
        out.append(to_string(p.environment)).append(" ").append(p.value);
    }
    return out;
}

std::string markdown_cell(std::string_view s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

}  // namespace

std::string render_check_report(const LoadResult& result) {
    std::size_t width = 0;
    for (const auto& v : result.values) width = std::max(width, v.def->name.size());
    std::string out;
    std::string_view group = "?";
    for (const auto& v : result.values) {
        std::string_view g = group_of(v.def->name);
        if (g != group) {
            out += "# " + group_title(g) + "\n";
            group = g;
        }
        std::string line = std::string(v.def->name);
        line.resize(width + 1, ' ');
        std::string value = v.display();
        if (value.empty()) value = "\"\"";
        line += "= " + value;
        if (line.size() < width + 30) line.resize(width + 30, ' ');
        line += "  (" + v.source.describe() + (v.valid ? "" : ", INVALID") + ")";
        out += line + "\n";
    }
    const auto warnings = result.warnings();
    const auto errors = result.errors();
    for (const auto& w : warnings) out += "warning: " + w + "\n";
    for (const auto& e : errors) out += "error: " + e + "\n";
    if (errors.empty())
        out += "configuration is valid (" + std::to_string(result.values.size()) + " options, " +
               std::to_string(warnings.size()) + " warnings)\n";
    else
        out += "configuration is INVALID: " + std::to_string(errors.size()) + " error(s)\n";
    return out;
}

std::string render_env_example() {
    std::string out =
        "# robo_trader configuration: every option, its default and what it accepts.\n"
        "# Generated from src/robo/config/options.cpp (`robo_trader config example`); a test keeps\n"
        "# this file in step with the table. Copy it to .env and change what you need.\n"
        "# Precedence, highest first: --set flags, environment, .env, config.toml, the preset of\n"
        "# ENVIRONMENT, the defaults below. Unknown IBKR_/EXECUTION_/RISK_/DATA_/STRATEGY_/\n"
        "# MONITORING_ variables are warned about. Secrets are never printed.\n";
    std::string_view group = "?";
    for (const auto& d : options()) {
        std::string_view g = group_of(d.name);
        if (g != group) {
            out += "\n# ---- " + group_title(g) + "\n";
            group = g;
        }
        out += "\n# " + std::string(d.doc) + ".\n";
        out += "# Allowed: " + describe_allowed(d) + ". Default: " +
               (d.default_value.empty() ? std::string("(empty)") : std::string(d.default_value)) + ".";
        if (auto p = preset_note(d.name); !p.empty()) out += " Presets: " + p + ".";
        if (d.secret) out += " Secret: never printed.";
        // Appended piecewise: g++ 12 -O3 warns falsely (-Wrestrict) on "\n" + std::string.
        out += '\n';
        out.append(d.name).append("=").append(d.default_value).append("\n");
    }
    return out;
}

std::string render_reference_markdown() {
    std::string out;
    std::string_view group = "?";
    for (const auto& d : options()) {
        std::string_view g = group_of(d.name);
        if (g != group) {
            out += "\n### " + group_title(g) +
                   "\n\n| Variable | Default | Allowed | Description |\n|---|---|---|---|\n";
            group = g;
        }
        std::string def = d.default_value.empty() ? "(empty)" : "`" + std::string(d.default_value) + "`";
        std::string doc =
            std::string(d.doc) + "." + (d.secret ? " **Secret**: redacted in every printout." : "");
        if (auto p = preset_note(d.name); !p.empty()) doc += " Presets: " + p + ".";
        out += "| `" + std::string(d.name) + "` | " + markdown_cell(def) + " | " +
               markdown_cell(describe_allowed(d)) + " | " + markdown_cell(doc) + " |\n";
    }
    out +=
        "\n### Presets\n\nA preset replaces a built-in default only; any explicit setting wins.\n\n"
        "| ENVIRONMENT | Variable | Preset value | Why |\n|---|---|---|---|\n";
    for (const auto& p : presets())
        out += "| " + std::string(to_string(p.environment)) + " | `" + std::string(p.name) + "` | `" +
               std::string(p.value) + "` | " + std::string(p.why) + " |\n";
    out +=
        "\n### Production limits\n\nWith `ENVIRONMENT=production` these are errors wherever the value came "
        "from.\n\n"
        "| Variable | Production allows | Why |\n|---|---|---|\n";
    for (const auto& r : production_rules()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", r.max);
        out +=
            "| `" + std::string(r.name) + "` | " +
            (r.required.empty() ? "at most " + std::string(buf) : "only `" + std::string(r.required) + "`") +
            " | " + std::string(r.why) + " |\n";
    }
    return out;
}

nlohmann::json effective_config_json(const LoadResult& result) {
    nlohmann::json values = nlohmann::json::object();
    for (const auto& v : result.values)
        values[std::string(v.def->name)] = {{"value", v.display()}, {"source", v.source.describe()}};
    return {{"environment", to_string(result.config.environment)},
            {"mode", to_string(result.config.execution.mode)},
            {"valid", result.ok()},
            {"values", std::move(values)},
            {"warnings", result.warnings()},
            {"errors", result.errors()}};
}

void audit_startup(const LoadResult& result, log::AuditSink& audit) {
    audit.record("config_loaded", effective_config_json(result));
}

log::LogOptions log_options(const Config& config) {
    log::LogOptions o;
    o.level = config.monitoring.log_level;
    o.format = config.monitoring.log_format;
    o.file = config.log_file;
    o.max_file_bytes = static_cast<std::size_t>(config.monitoring.log_max_size_mb) * 1024 * 1024;
    o.max_files = static_cast<std::size_t>(config.monitoring.log_max_files);
    return o;
}

}  // namespace robo::config
