#include "robo/config/loader.hpp"

#include <cctype>
#include <cstdio>
#include <map>
#include <ostream>
#include <set>

#include "robo/config/presets.hpp"

namespace robo::config {
namespace {

constexpr std::string_view kRedacted = "<redacted>";

bool is_relevant_variable(std::string_view name) {
    std::string upper(name);
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return find_option(upper) || has_project_prefix(upper);
}

Diagnostic error_for(std::string variable, std::string message) {
    return {Diagnostic::Severity::error, std::move(variable), "config: " + std::move(message)};
}
Diagnostic warning_for(std::string variable, std::string message) {
    return {Diagnostic::Severity::warning, std::move(variable), "config: " + std::move(message)};
}

// "IBKR_PORT=7496 (from environment)"
std::string shown(const ResolvedValue& v) {
    return std::string(v.def->name) + "=" + v.display() + " (from " + v.source.describe() + ")";
}

class Loader {
public:
    explicit Loader(const LoadOptions& options) : options_(options) {}

    LoadResult run() {
        gather();
        resolve();
        parse_all();
        cross_field_rules();
        return std::move(result_);
    }

private:
    void take(SourceRead read, bool unknown_is_error, bool warn_unprefixed) {
        for (auto& d : read.diagnostics) result_.diagnostics.push_back(std::move(d));
        std::map<std::string, Source> seen_here;
        for (auto& s : read.settings) {
            // Names are case-insensitive, as in the Python system (pydantic settings).
            for (char& ch : s.name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            if (!find_option(s.name)) {
                if (const RemovedOption* gone = find_removed_option(s.name)) {
                    result_.diagnostics.push_back(
                        warning_for(s.name, s.name + " (from " + s.source.describe() +
                                                ") was removed and is ignored: " + std::string(gone->why)));
                    continue;
                }
                if (unknown_is_error || warn_unprefixed || has_project_prefix(s.name)) {
                    std::string msg = "unknown variable " + s.name + " (from " + s.source.describe() + ")" +
                                      (unknown_is_error ? "" : " is ignored") + "; did you mean " +
                                      std::string(closest_option(s.name)) + "?";
                    result_.diagnostics.push_back(unknown_is_error ? error_for(s.name, std::move(msg))
                                                                   : warning_for(s.name, std::move(msg)));
                }
                continue;
            }
            if (auto it = seen_here.find(s.name); it != seen_here.end() && s.source.line > 0)
                result_.diagnostics.push_back(
                    warning_for(s.name, s.name + " is set twice (" + it->second.describe() + " and " +
                                            s.source.describe() + "); the later one wins"));
            seen_here[s.name] = s.source;
            winners_[s.name] = s;
        }
    }

    // Lowest priority first, so that later layers overwrite earlier ones.
    void gather() {
        namespace fs = std::filesystem;
        std::error_code ec;
        if (options_.config_file)
            take(read_toml(*options_.config_file), false, true);
        else if (fs::is_regular_file("config.toml", ec))
            take(read_toml("config.toml"), false, true);
        if (options_.env_file)
            take(read_dotenv(*options_.env_file), false, false);
        else if (fs::is_regular_file(".env", ec))
            take(read_dotenv(".env"), false, false);
        const auto env = options_.environment ? *options_.environment : process_environment();
        take(read_environment(env, &is_relevant_variable), false, false);
        take(parse_overrides(options_.overrides), true, true);
    }

    // Picks each option's raw text: an explicit setting, else the preset, else the default.
    void resolve() {
        Environment env = Environment::dev;
        if (auto it = winners_.find("ENVIRONMENT"); it != winners_.end()) {
            std::string problem;
            if (auto p = parse_option(*find_option("ENVIRONMENT"), it->second.raw, problem)) {
                Config probe;
                find_option("ENVIRONMENT")->store(probe, p->value);
                env = probe.environment;
            }
        }
        std::map<std::string_view, const PresetValue*> preset;
        for (const auto& p : presets())
            if (p.environment == env) preset[p.name] = &p;
        for (const auto& def : options()) {
            ResolvedValue v;
            v.def = &def;
            if (auto it = winners_.find(std::string(def.name)); it != winners_.end()) {
                v.raw = it->second.raw;
                v.source = it->second.source;
            } else if (auto p = preset.find(def.name); p != preset.end()) {
                v.raw = p->second->value;
                v.source = {Source::Kind::preset, std::string(to_string(env)), 0};
            } else {
                v.raw = def.default_value;
                v.source = {Source::Kind::default_value, "", 0};
            }
            result_.values.push_back(std::move(v));
        }
    }

    void parse_all() {
        for (auto& v : result_.values) {
            std::string problem;
            auto parsed = parse_option(*v.def, v.raw, problem);
            if (!parsed) {
                v.valid = false;
                v.normalized = v.raw;
                result_.diagnostics.push_back(
                    error_for(std::string(v.def->name), shown(v) + " must be " + describe_allowed(*v.def) +
                                                            (problem.empty() ? "" : ": " + problem)));
                // The field keeps its built-in default so that later rules see a sane value.
                std::string ignored;
                parsed = parse_option(*v.def, v.def->default_value, ignored);
                if (!parsed) continue;  // impossible for a well-formed table (tested)
            } else {
                v.normalized = parsed->normalized;
            }
            v.def->store(result_.config, parsed->value);
            if (v.valid) parsed_[v.def->name] = std::move(parsed->value);
        }
    }

    const ResolvedValue& at(std::string_view name) const { return *result_.value(name); }

    void cross_field_rules() {
        const Config& c = result_.config;
        auto valid = [&](std::string_view n) { return at(n).valid; };

        // Paper mode on a live port would send "paper" orders to a live account.
        if (c.execution.mode == ExecutionMode::paper && is_live_port(c.ibkr.port) &&
            !c.ibkr.allow_live_port && valid("IBKR_PORT"))
            result_.diagnostics.push_back(error_for(
                "IBKR_PORT", shown(at("IBKR_PORT")) + " is a live-trading port but " +
                                 shown(at("EXECUTION_MODE")) +
                                 "; use 7497 (TWS) or 4002 (Gateway), or set IBKR_ALLOW_LIVE_PORT=true"));

        // Live trading only with a deliberate, spelled-out confirmation.
        if (c.execution.mode == ExecutionMode::live && c.execution.live_confirm != live_confirmation)
            result_.diagnostics.push_back(
                error_for("EXECUTION_LIVE_CONFIRM",
                          shown(at("EXECUTION_MODE")) +
                              " needs EXECUTION_LIVE_CONFIRM=" + std::string(live_confirmation) + ", found " +
                              (c.execution.live_confirm.empty() ? std::string("nothing")
                                                                : "\"" + c.execution.live_confirm + "\"") +
                              " (from " + at("EXECUTION_LIVE_CONFIRM").source.describe() + ")"));
        // Live orders leave a record that must survive a crash (engine/session_policy.hpp).
        if (c.execution.mode == ExecutionMode::live && c.monitoring.audit_fsync == AuditFsync::none)
            result_.diagnostics.push_back(error_for(
                "MONITORING_AUDIT_FSYNC", shown(at("MONITORING_AUDIT_FSYNC")) + " is refused with " +
                                              shown(at("EXECUTION_MODE")) +
                                              ": a session that sends orders syncs every audit record"));
        if (c.execution.mode == ExecutionMode::live && c.ibkr.readonly)
            result_.diagnostics.push_back(error_for(
                "IBKR_READONLY", shown(at("IBKR_READONLY")) + " cannot place the orders " +
                                     shown(at("EXECUTION_MODE")) + " needs; set IBKR_READONLY=false"));

        if (valid("RISK_MAX_ORDER_NOTIONAL") && valid("RISK_MAX_DAILY_NOTIONAL") &&
            c.risk.max_order_notional > c.risk.max_daily_notional)
            result_.diagnostics.push_back(error_for(
                "RISK_MAX_ORDER_NOTIONAL", shown(at("RISK_MAX_ORDER_NOTIONAL")) + " must not exceed " +
                                               shown(at("RISK_MAX_DAILY_NOTIONAL"))));

        if (valid("STRATEGY_SMA_FAST") && valid("STRATEGY_SMA_SLOW") &&
            c.strategy.sma_fast >= c.strategy.sma_slow)
            result_.diagnostics.push_back(error_for(
                "STRATEGY_SMA_FAST",
                shown(at("STRATEGY_SMA_FAST")) + " must be less than " + shown(at("STRATEGY_SMA_SLOW"))));

        // A control API reachable from the network must demand a token.
        const std::string& bind = c.monitoring.http_bind;
        const bool loopback = bind == "127.0.0.1" || bind == "localhost" || bind == "::1";
        if (c.monitoring.http_port != 0 && !loopback && c.monitoring.control_token.size() < 16)
            result_.diagnostics.push_back(
                error_for("MONITORING_CONTROL_TOKEN",
                          shown(at("MONITORING_HTTP_BIND")) +
                              " exposes the control API beyond this machine; set "
                              "MONITORING_CONTROL_TOKEN to a secret of at least 16 characters"));

        if (c.environment == Environment::production) {
            for (const auto& rule : production_rules()) {
                const ResolvedValue& v = at(rule.name);
                if (!v.valid) continue;
                if (!rule.required.empty()) {
                    if (v.normalized != rule.required)
                        result_.diagnostics.push_back(error_for(
                            std::string(rule.name), shown(v) + " is unsafe in production: must be " +
                                                        std::string(rule.required) + " (" +
                                                        std::string(rule.why) + ")"));
                    continue;
                }
                auto it = parsed_.find(rule.name);
                auto n = it == parsed_.end() ? std::nullopt : numeric(it->second);
                if (n && *n > rule.max) {
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "%g", rule.max);
                    result_.diagnostics.push_back(
                        error_for(std::string(rule.name), shown(v) + " is unsafe in production: at most " +
                                                              buf + " (" + std::string(rule.why) + ")"));
                }
            }
        }
    }

    const LoadOptions& options_;
    LoadResult result_;
    std::map<std::string, Setting> winners_;
    std::map<std::string_view, Value> parsed_;
};

}  // namespace

std::string ResolvedValue::display() const {
    if (def && def->secret && !raw.empty()) return std::string(kRedacted);
    return valid ? normalized : raw;
}

bool LoadResult::ok() const noexcept {
    for (const auto& d : diagnostics)
        if (d.severity == Diagnostic::Severity::error) return false;
    return true;
}

std::vector<std::string> LoadResult::errors() const {
    std::vector<std::string> out;
    for (const auto& d : diagnostics)
        if (d.severity == Diagnostic::Severity::error) out.push_back(d.message);
    return out;
}

std::vector<std::string> LoadResult::warnings() const {
    std::vector<std::string> out;
    for (const auto& d : diagnostics)
        if (d.severity == Diagnostic::Severity::warning) out.push_back(d.message);
    return out;
}

const ResolvedValue* LoadResult::value(std::string_view name) const noexcept {
    for (const auto& v : values)
        if (v.def->name == name) return &v;
    return nullptr;
}

LoadResult load(const LoadOptions& options) { return Loader(options).run(); }

namespace {
std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
    return out;
}
}  // namespace

ConfigError::ConfigError(std::vector<std::string> errors)
    : std::runtime_error(join_lines(errors)), errors_(std::move(errors)) {}

Config load_or_throw(const LoadOptions& options) {
    LoadResult r = load(options);
    for (const auto& w : r.warnings()) log::warn("config", "warning", {{"message", w}});
    if (!r.ok()) throw ConfigError(r.errors());
    return std::move(r.config);
}

LoadResult load_for_command(const LoadOptions& options, std::string_view prefix, std::ostream& warnings) {
    LoadResult r = load(options);
    for (const auto& w : r.warnings()) warnings << prefix << ": " << w << "\n";
    if (!r.ok()) throw ConfigError(r.errors());
    return r;
}

}  // namespace robo::config
