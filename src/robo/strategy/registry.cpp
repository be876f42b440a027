#include "robo/strategy/registry.hpp"

#include <charconv>
#include <stdexcept>

#include "robo/strategy/schema.hpp"

namespace robo::strategy {

std::vector<std::string> strategy_names() {
    std::vector<std::string> names;
    for (const StrategyInfo* info : registered_strategies()) names.push_back(info->name);
    return names;
}

namespace {
const StrategyInfo& registered(const std::string& name) {
    if (const StrategyInfo* info = find_strategy(name)) return *info;
    std::string names;
    for (const auto& n : strategy_names()) {
        if (!names.empty()) names += ", ";
        names += n;
    }
    throw std::invalid_argument("unknown strategy \"" + name + "\" (registered: " + names +
                                "; robo_trader strategies lists them)");
}
}  // namespace

std::unique_ptr<Strategy> make_strategy(const StrategySpec& spec) {
    const StrategyInfo& info = registered(spec.name);
    return info.make(checked_values(info, spec.params));
}

StrategySpec parse_strategy_spec(const std::string& text) {
    StrategySpec spec;
    auto colon = text.find(':');
    spec.name = text.substr(0, colon);
    if (spec.name.empty()) throw std::invalid_argument("strategy: empty name in \"" + text + "\"");
    spec.name = registered(spec.name).name;  // an alias becomes the name
    if (colon == std::string::npos) return spec;
    std::string rest = text.substr(colon + 1);
    size_t pos = 0;
    while (pos <= rest.size()) {
        size_t comma = rest.find(',', pos);
        std::string item = rest.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
            throw std::invalid_argument("strategy " + spec.name + ": expected key=value, found \"" + item +
                                        "\" in \"" + text + "\"");
        std::string key = item.substr(0, eq);
        if (key == "weight") {
            double w = 0;
            std::string v = item.substr(eq + 1);
            auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), w);
            if (ec != std::errc() || ptr != v.data() + v.size() || !(w > 0))
                throw std::invalid_argument("strategy " + spec.name + ": weight=\"" + v +
                                            "\" must be a positive number");
            spec.weight = w;
        } else if (key == "timeframe") {
            std::string v = item.substr(eq + 1);
            spec.timeframe = parse_timeframe(v);
            if (!spec.timeframe)
                throw std::invalid_argument("strategy " + spec.name + ": timeframe=\"" + v +
                                            "\" must be one of 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d, session");
        } else {
            spec.params[key] = item.substr(eq + 1);
        }
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return spec;
}

}  // namespace robo::strategy
