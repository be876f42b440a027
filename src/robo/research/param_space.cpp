// research/param_space.cpp — see param_space.hpp.
#include "robo/research/param_space.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>
#include <set>
#include <stdexcept>

#include "robo/strategy/registry.hpp"
#include "robo/strategy/schema.hpp"

namespace robo::research {
namespace {

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

// More combinations than this are never listed one by one (random search draws by index).
constexpr uint64_t kMaxListed = 1'000'000;

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

bool parse_double(const std::string& text, double& out) {
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && p == text.data() + text.size() && std::isfinite(out);
}

int decimals_of(const std::string& text) {
    const auto dot = text.find('.');
    return dot == std::string::npos ? 0 : int(text.size() - dot - 1);
}

// "5..20:5" -> 5, 10, 15, 20; "0.5..1:0.25" -> 0.50, 0.75, 1.00.
std::vector<std::string> expand_range(const std::string& where, const std::string& text) {
    const auto dots = text.find("..");
    const auto colon = text.find(':', dots);
    const std::string first = text.substr(0, dots);
    const std::string last =
        text.substr(dots + 2, colon == std::string::npos ? std::string::npos : colon - dots - 2);
    const std::string step = colon == std::string::npos ? "1" : text.substr(colon + 1);
    double a = 0, b = 0, s = 0;
    if (!parse_double(first, a) || !parse_double(last, b) || !parse_double(step, s))
        bad(where + ": expected a range start..end:step of numbers, found \"" + text + "\"");
    if (!(s > 0)) bad(where + ": the step of \"" + text + "\" must be positive");
    if (b < a) bad(where + ": the range \"" + text + "\" ends before it starts");
    const int places = std::max({decimals_of(first), decimals_of(step)});
    const double count = std::floor((b - a) / s + 1e-9) + 1;
    if (count > double(kMaxListed)) bad(where + ": the range \"" + text + "\" has too many values");
    std::vector<std::string> out;
    for (int64_t i = 0; i < int64_t(count); ++i)
        out.push_back(fmt::format("{:.{}f}", a + double(i) * s, places));
    return out;
}

// The strategy's registered schema (strategy/schema.hpp), or an error listing the known ones.
const strategy::StrategyInfo& info_of(const std::string& name) {
    if (const auto* info = strategy::find_strategy(name)) return *info;
    std::string known;
    for (const auto& n : strategy::strategy_names()) {
        if (!known.empty()) known += ", ";
        known += n;
    }
    bad("unknown strategy \"" + name + "\" (registered: " + known + ")");
}

// Bounds, type and name of one value, alone: whether it works beside the others is the
// combination's question (check_combination).
void check_value(const strategy::StrategyInfo& info, const std::string& param, const std::string& value) {
    strategy::checked_values(info, {{param, value}});  // throws std::invalid_argument naming it
}

Combination decode(const std::vector<StrategyGrid>& grids, uint64_t global) {
    Combination c;
    for (size_t g = 0; g < grids.size(); ++g) {
        const uint64_t n = grids[g].size();
        if (global >= n) {
            global -= n;
            continue;
        }
        c.grid = g;
        c.index = global;
        uint64_t rest = global;
        const auto& axes = grids[g].axes;
        c.params.resize(axes.size());
        for (size_t i = axes.size(); i-- > 0;) {
            const auto& vals = axes[i].values;
            c.params[i] = {axes[i].name, vals[rest % vals.size()]};
            rest /= vals.size();
        }
        return c;
    }
    throw std::logic_error("combination index out of range");
}

uint64_t total_size(const std::vector<StrategyGrid>& grids) {
    uint64_t total = 0;
    for (const auto& g : grids) {
        const uint64_t n = g.size();
        if (n > UINT64_MAX / 4 - total) bad("the grids have too many combinations to count");
        total += n;
    }
    return total;
}

}  // namespace

uint64_t StrategyGrid::size() const {
    uint64_t n = 1;
    for (const auto& a : axes) {
        if (n > UINT64_MAX / 4 / std::max<size_t>(a.values.size(), 1))
            bad("strategy " + strategy + ": the grid has too many combinations to count");
        n *= a.values.size();
    }
    return n;
}

StrategyGrid parse_grid(const std::string& text) {
    StrategyGrid grid;
    const auto colon = text.find(':');
    const std::string name = trim(text.substr(0, colon));
    if (name.empty()) bad("--strategy \"" + text + "\": expected NAME:param=values,...");
    const strategy::StrategyInfo& info = info_of(name);
    grid.strategy = info.name;  // an alias ("sma") names the strategy as the schema does
    if (colon == std::string::npos) return grid;
    const std::string rest = text.substr(colon + 1);
    std::set<std::string> seen;
    for (size_t pos = 0; pos <= rest.size();) {
        const size_t comma = std::min(rest.find(',', pos), rest.size());
        const std::string item = trim(rest.substr(pos, comma - pos));
        pos = comma + 1;
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
            bad("--strategy \"" + text + "\": expected param=values, found \"" + item + "\"");
        ParamAxis axis{trim(item.substr(0, eq)), {}};
        const std::string values = trim(item.substr(eq + 1));
        const std::string where = "strategy " + grid.strategy + ": parameter " + axis.name;
        if (!seen.insert(axis.name).second) bad(where + " is given twice");
        if (values.find("..") != std::string::npos) {
            axis.values = expand_range(where, values);
        } else {
            for (size_t p = 0; p <= values.size();) {
                const size_t bar = std::min(values.find('|', p), values.size());
                axis.values.push_back(trim(values.substr(p, bar - p)));
                p = bar + 1;
            }
        }
        for (const auto& v : axis.values) check_value(info, axis.name, v);
        grid.axes.push_back(std::move(axis));
    }
    grid.size();  // throws when too many to count
    return grid;
}

std::vector<Combination> all_combinations(const std::vector<StrategyGrid>& grids) {
    const uint64_t total = total_size(grids);
    if (total > kMaxListed)
        bad(
            fmt::format("the grid has {} combinations (at most {}): narrow the ranges or use --search random "
                        "--budget N",
                        total, kMaxListed));
    std::vector<Combination> out;
    out.reserve(total);
    for (uint64_t i = 0; i < total; ++i) out.push_back(decode(grids, i));
    return out;
}

std::vector<Combination> random_combinations(const std::vector<StrategyGrid>& grids, uint64_t budget,
                                             uint64_t seed) {
    const uint64_t total = total_size(grids);
    if (budget >= total) return all_combinations(grids);
    if (budget > kMaxListed) bad(fmt::format("--budget {}: at most {}", budget, kMaxListed));
    // Floyd's sampling: `budget` distinct indices, each subset equally likely. mt19937_64 is
    // specified exactly by the standard, and the modulo keeps the draw independent of the
    // library's distributions (its bias is below 2^-40 for any grid listed here).
    std::mt19937_64 rng(seed);
    std::set<uint64_t> chosen;
    for (uint64_t j = total - budget; j < total; ++j) {
        const uint64_t t = rng() % (j + 1);
        if (!chosen.insert(t).second) chosen.insert(j);
    }
    std::vector<Combination> out;
    out.reserve(chosen.size());
    for (uint64_t i : chosen) out.push_back(decode(grids, i));
    return out;
}

std::string spec_text(const StrategyGrid& grid, const Combination& c) {
    std::string s = grid.strategy;
    for (size_t i = 0; i < c.params.size(); ++i)
        s += (i ? "," : ":") + c.params[i].first + "=" + c.params[i].second;
    return s;
}

std::optional<std::string> check_combination(const StrategyGrid& grid, const Combination& c) {
    const strategy::StrategyInfo& info = info_of(grid.strategy);
    try {
        info.make(strategy::checked_values(info, {c.params.begin(), c.params.end()}));
    } catch (const strategy::ConstraintError& e) {
        return std::string(e.what());
    }
    return std::nullopt;
}

}  // namespace robo::research
