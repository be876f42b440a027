// strategy/schema.hpp — strategies register themselves with a parameter schema.
//
// Each strategy declares once, in its own .cpp, its name, aliases, a one-line description
// and its parameters (type, default, inclusive bounds, description), with a static
// Registration. Everything that names a strategy reads this registry: parsing of
// "name:key=value,...", `robo_trader strategies`, the table in docs/strategies.md, the
// Python package and the research runner. Adding a strategy is adding files; nothing
// central is edited. (The build links robo_strategy whole, so a registration that nothing
// else references is kept; a strategy in an executable's own .cpp registers as well.)
//
// Errors: a value outside its bounds, of the wrong type or for an unknown parameter is
// std::invalid_argument naming the strategy, the parameter, the value and what is
// expected; a combination of valid values that cannot work together (fast >= slow) is a
// ConstraintError, which a sweep skips and records.
// Registering and looking up are thread-safe; a registered StrategyInfo lives as long as
// the process.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "robo/strategy/strategy.hpp"

namespace robo::strategy {

enum class ParamType : uint8_t { integer, number, flag };
std::string_view to_string(ParamType) noexcept;

struct ParamSpec {
    std::string name;  // as in "sma_crossover:fast=10"
    ParamType type = ParamType::number;
    double default_value = 0;  // flags: 0 or 1
    double min = 0, max = 0;   // inclusive bounds (ignored for flags)
    std::string description;
};

// Checked values of a strategy's parameters by name (a flag is 0 or 1).
using ParamValues = std::map<std::string, double>;

// A combination of valid values that cannot work together (fast >= slow): a sweep skips it
// and records what(); anything else invalid (unknown parameter, out of bounds, bad text) is
// std::invalid_argument naming the strategy, the parameter, the value and what is expected.
struct ConstraintError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

struct StrategyInfo {
    std::string name;
    std::vector<std::string> aliases;  // "sma" for sma_crossover
    std::string description;           // one line
    std::vector<ParamSpec> params;
    // Builds the strategy from checked values (every param present); throws ConstraintError.
    std::function<std::unique_ptr<Strategy>(const ParamValues& values)> make;

    const ParamSpec* param(std::string_view name) const noexcept;
};

// Throws std::invalid_argument for a duplicate name or alias, a name that is not
// lower-case letters, digits and '_', a missing make, or a parameter whose default lies
// outside its bounds (or is not whole for an integer, not 0 or 1 for a flag).
void register_strategy(StrategyInfo info);
const StrategyInfo* find_strategy(std::string_view name_or_alias);  // nullptr when unknown
std::vector<const StrategyInfo*> registered_strategies();           // sorted by name

// Checks text values against the schema: bounds, types, unknown names (invalid_argument
// as above) and fills in defaults. Flags take true/false, 1/0, yes/no.
ParamValues checked_values(const StrategyInfo& info, const std::map<std::string, std::string>& params);
// The same for numeric values (a sweep's grid): bounds, whole numbers for integers, 0 or
// 1 for flags, unknown names; fills in defaults.
ParamValues checked_numbers(const StrategyInfo& info, const ParamValues& values);
// The defaults of every parameter.
inline ParamValues default_values(const StrategyInfo& info) { return checked_numbers(info, {}); }
// checked_numbers against the registered strategy `name` (or alias): what a built-in's
// constructor and Params::defaults() use, so that the schema is the one source of its
// defaults and bounds. Throws std::logic_error when `name` is not registered.
ParamValues registered_values(std::string_view name, const ParamValues& given = {});

// Registers a strategy when the program starts: in the strategy's .cpp,
//   namespace { const strategy::Registration registration{{.name = "my_strategy", ...}}; }
struct Registration {
    explicit Registration(StrategyInfo info) { register_strategy(std::move(info)); }
};

}  // namespace robo::strategy
