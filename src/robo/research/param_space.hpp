// research/param_space.hpp — the parameter grid of a sweep, from text such as
// "sma_crossover:fast=5..20:5,slow=30..60:15,short=true|false".
//
// A value is a range start..end:step (integers, or decimals with as many places as the
// text gives; step 1 when left out), a list a|b|c, or one value. Every value is checked
// against the strategy's parameters before anything runs (unknown strategy or parameter,
// out of bounds, wrong type: std::invalid_argument naming the strategy, parameter and value).
// A combination of valid values that cannot work together (fast >= slow) is not an error:
// check_combination() gives the reason, and the sweep records the run as skipped.
// This file is the only one in research/ that knows how strategies describe their
// parameters.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace robo::research {

struct ParamAxis {
    std::string name;
    std::vector<std::string> values;  // canonical text, in the order given
};

struct StrategyGrid {
    std::string strategy;
    std::vector<ParamAxis> axes;  // in the order of the text
    uint64_t size() const;        // combinations (product of the axes' lengths)
};

// Syntax and the strategy's schema; throws std::invalid_argument as above.
StrategyGrid parse_grid(const std::string& text);

// One point of a grid: values in the order of the grid's axes.
struct Combination {
    size_t grid = 0;
    uint64_t index = 0;  // position in the grid (last axis fastest)
    std::vector<std::pair<std::string, std::string>> params;
};

// Every combination of the grids, in order (grid by grid, last axis fastest).
std::vector<Combination> all_combinations(const std::vector<StrategyGrid>& grids);
// `budget` distinct combinations drawn uniformly without replacement by a generator seeded
// with `seed` (the same on every machine), in grid order; all of them when the budget is
// not smaller.
std::vector<Combination> random_combinations(const std::vector<StrategyGrid>& grids, uint64_t budget,
                                             uint64_t seed);

// "sma_crossover:fast=5,slow=30": what `backtest --strategy` takes.
std::string spec_text(const StrategyGrid& grid, const Combination& c);
// Why the strategy refuses these values together (fast >= slow), or nullopt when it builds.
std::optional<std::string> check_combination(const StrategyGrid& grid, const Combination& c);

}  // namespace robo::research
