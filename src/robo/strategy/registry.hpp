// strategy/registry.hpp — registered strategies (schema.hpp) by name, with their parameters.
//
// A StrategySpec names a strategy and gives parameters as text ("fast" = "20"), so the
// command line and the configuration file share one path. Unknown names and unknown or
// malformed parameters are refused with a message naming the strategy, the parameter,
// the value and what is expected — never silently defaulted. Every lookup reads the
// registry of schema.hpp; nothing here knows a strategy by name.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "robo/strategy/strategy.hpp"

namespace robo::strategy {

struct StrategySpec {
    std::string name;
    std::map<std::string, std::string> params;
    double weight = 1.0;
    // The bars it trades on ("timeframe=5m"); none: the data's own bars (manager.hpp).
    std::optional<Timeframe> timeframe;
};

// A strategy object the caller built (a C++ class of its own, a Python strategy), shared
// with the caller so that it can read the object's state after the session.
struct StrategyObject {
    std::shared_ptr<Strategy> strategy;
    double weight = 1.0;
    std::optional<Timeframe> timeframe;  // none: the data's own bars (manager.hpp)
};

// Names of the registered strategies, sorted.
std::vector<std::string> strategy_names();
// Throws std::invalid_argument as described above.
std::unique_ptr<Strategy> make_strategy(const StrategySpec& spec);
// "sma_crossover:fast=20,slow=50[,weight=2][,timeframe=5m]" -> spec, an alias ("sma")
// replaced by the strategy's name; throws std::invalid_argument when malformed or for a
// strategy that is not registered (its parameters are checked by make_strategy).
StrategySpec parse_strategy_spec(const std::string& text);

}  // namespace robo::strategy
