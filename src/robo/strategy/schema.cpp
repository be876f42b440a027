#include "robo/strategy/schema.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <mutex>

namespace robo::strategy {

namespace {

// Registered strategies by name; nodes of a std::map never move, so the pointers handed out
// stay valid. A function-local static: registrations run during static initialisation, in
// any order between translation units.
struct Registry {
    std::mutex mutex;
    std::map<std::string, StrategyInfo, std::less<>> by_name;
    std::map<std::string, std::string, std::less<>> alias_to_name;
};
Registry& registry() {
    static Registry r;
    return r;
}

bool is_identifier(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

std::string expected(const ParamSpec& p) {
    switch (p.type) {
        case ParamType::integer:
            return fmt::format("a whole number from {} to {}", p.min, p.max);
        case ParamType::number:
            return fmt::format("a number from {} to {}", p.min, p.max);
        case ParamType::flag:
            return "true or false";
    }
    return "?";
}

[[noreturn]] void refuse(const StrategyInfo& info, const ParamSpec& p, std::string_view value) {
    throw std::invalid_argument(
        fmt::format("strategy {}: parameter {}=\"{}\" must be {}", info.name, p.name, value, expected(p)));
}

const ParamSpec& known_param(const StrategyInfo& info, const std::string& name) {
    if (const ParamSpec* p = info.param(name)) return *p;
    std::string known;
    for (const auto& k : info.params) {
        if (!known.empty()) known += ", ";
        known += k.name;
    }
    throw std::invalid_argument("strategy " + info.name + ": unknown parameter \"" + name +
                                "\" (known: " + (known.empty() ? "none" : known) + ")");
}

// Whether a number is a value of the parameter: within bounds (NaN never is), whole for
// an integer, 0 or 1 for a flag.
bool admissible(const ParamSpec& p, double v) {
    if (p.type == ParamType::flag) return v == 0 || v == 1;
    if (!(v >= p.min && v <= p.max)) return false;
    return p.type != ParamType::integer || v == std::floor(v);
}

double parsed(const StrategyInfo& info, const ParamSpec& p, const std::string& text) {
    const char* end = text.data() + text.size();
    if (p.type == ParamType::flag) {
        if (text == "true" || text == "1" || text == "yes") return 1;
        if (text == "false" || text == "0" || text == "no") return 0;
        refuse(info, p, text);
    }
    double v = 0;
    if (p.type == ParamType::integer) {
        long long whole = 0;
        auto [ptr, ec] = std::from_chars(text.data(), end, whole);
        if (ec != std::errc() || ptr != end) refuse(info, p, text);
        v = double(whole);
    } else {
        auto [ptr, ec] = std::from_chars(text.data(), end, v);
        if (ec != std::errc() || ptr != end) refuse(info, p, text);
    }
    if (!admissible(p, v)) refuse(info, p, text);
    return v;
}

void check_declaration(const StrategyInfo& info) {
    const std::string where = "register_strategy " + info.name;
    if (!is_identifier(info.name))
        throw std::invalid_argument(where + ": the name must be lower-case letters, digits and _");
    if (!info.make) throw std::invalid_argument(where + ": no make function");
    for (const auto& a : info.aliases)
        if (!is_identifier(a)) throw std::invalid_argument(where + ": alias \"" + a + "\" is not a name");
    std::map<std::string, int> seen;
    for (const auto& p : info.params) {
        // weight= and timeframe= belong to every strategy (parse_strategy_spec).
        if (!is_identifier(p.name) || p.name == "weight" || p.name == "timeframe")
            throw std::invalid_argument(where + ": parameter name \"" + p.name + "\" is not allowed");
        if (seen[p.name]++) throw std::invalid_argument(where + ": parameter " + p.name + " declared twice");
        if (p.type != ParamType::flag && !(p.min <= p.max))
            throw std::invalid_argument(where + ": parameter " + p.name + " has min above max");
        if (!admissible(p, p.default_value))
            throw std::invalid_argument(fmt::format("{}: default {} of parameter {} is not {}", where,
                                                    p.default_value, p.name, expected(p)));
    }
}

}  // namespace

std::string_view to_string(ParamType t) noexcept {
    switch (t) {
        case ParamType::integer:
            return "integer";
        case ParamType::number:
            return "number";
        case ParamType::flag:
            return "flag";
    }
    return "?";
}

const ParamSpec* StrategyInfo::param(std::string_view wanted) const noexcept {
    for (const auto& p : params)
        if (p.name == wanted) return &p;
    return nullptr;
}

void register_strategy(StrategyInfo info) {
    check_declaration(info);
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    auto taken = [&](const std::string& n) { return r.by_name.count(n) || r.alias_to_name.count(n); };
    if (taken(info.name))
        throw std::invalid_argument("register_strategy: a strategy named \"" + info.name +
                                    "\" is already registered");
    for (const auto& a : info.aliases)
        if (taken(a) || a == info.name)
            throw std::invalid_argument("register_strategy " + info.name + ": alias \"" + a +
                                        "\" is already taken");
    for (const auto& a : info.aliases) r.alias_to_name[a] = info.name;
    std::string name = info.name;
    r.by_name.emplace(std::move(name), std::move(info));
}

const StrategyInfo* find_strategy(std::string_view name_or_alias) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.by_name.find(name_or_alias);
    if (it != r.by_name.end()) return &it->second;
    auto alias = r.alias_to_name.find(name_or_alias);
    return alias == r.alias_to_name.end() ? nullptr : &r.by_name.find(alias->second)->second;
}

std::vector<const StrategyInfo*> registered_strategies() {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    std::vector<const StrategyInfo*> out;
    for (const auto& [name, info] : r.by_name) out.push_back(&info);
    return out;
}

ParamValues checked_values(const StrategyInfo& info, const std::map<std::string, std::string>& params) {
    ParamValues numbers;
    for (const auto& [name, text] : params) numbers[name] = parsed(info, known_param(info, name), text);
    return checked_numbers(info, numbers);
}

ParamValues checked_numbers(const StrategyInfo& info, const ParamValues& values) {
    for (const auto& [name, v] : values) {
        const ParamSpec& p = known_param(info, name);
        if (!admissible(p, v)) refuse(info, p, fmt::format("{}", v));
    }
    ParamValues out;
    for (const auto& p : info.params) {
        auto it = values.find(p.name);
        out[p.name] = it == values.end() ? p.default_value : it->second;
    }
    return out;
}

ParamValues registered_values(std::string_view name, const ParamValues& given) {
    const StrategyInfo* info = find_strategy(name);
    if (!info) throw std::logic_error("strategy " + std::string(name) + " is not registered");
    return checked_numbers(*info, given);
}

}  // namespace robo::strategy
