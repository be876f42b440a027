#include "robo/strategy/registry.hpp"

#include <charconv>
#include <set>
#include <stdexcept>

#include "robo/strategy/rules.hpp"
#include "robo/strategy/sma_crossover.hpp"

namespace robo::strategy {

namespace {
class Params {
public:
    explicit Params(const StrategySpec& spec) : spec_(spec) {}
    int integer(const std::string& key, int fallback, int lo, int hi) {
        return parsed(key, fallback, lo, hi,
                      "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    }
    double number(const std::string& key, double fallback, double lo, double hi) {
        return parsed(key, fallback, lo, hi,
                      "a number from " + std::to_string(lo) + " to " + std::to_string(hi));
    }
    bool flag(const std::string& key, bool fallback) {
        used_.insert(key);
        auto it = spec_.params.find(key);
        if (it == spec_.params.end()) return fallback;
        if (it->second == "true" || it->second == "1" || it->second == "yes") return true;
        if (it->second == "false" || it->second == "0" || it->second == "no") return false;
        fail(key, it->second, "true or false");
    }
    // Every parameter given must have been read: a typo never falls back to a default.
    void finish() const {
        for (const auto& [k, v] : spec_.params)
            if (!used_.count(k)) {
                std::string known;
                for (const auto& u : used_) known += (known.empty() ? "" : ", ") + u;
                throw std::invalid_argument("strategy " + spec_.name + ": unknown parameter \"" + k +
                                            "\" (known: " + known + ")");
            }
    }

private:
    // The whole text must be a number within [lo, hi] (NaN fails the range test).
    template <class T>
    T parsed(const std::string& key, T fallback, T lo, T hi, const std::string& expected) {
        used_.insert(key);
        auto it = spec_.params.find(key);
        if (it == spec_.params.end()) return fallback;
        T v{};
        const std::string& text = it->second;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || p != text.data() + text.size() || !(v >= lo && v <= hi))
            fail(key, text, expected);
        return v;
    }
    [[noreturn]] void fail(const std::string& key, const std::string& value,
                           const std::string& expected) const {
        throw std::invalid_argument("strategy " + spec_.name + ": parameter " + key + "=\"" + value +
                                    "\" must be " + expected);
    }
    const StrategySpec& spec_;
    std::set<std::string> used_;
};
}  // namespace

std::vector<std::string> strategy_names() {
    return {"sma_crossover", "momentum", "mean_reversion", "breakout"};
}

std::unique_ptr<Strategy> make_strategy(const StrategySpec& spec) {
    Params p(spec);
    std::unique_ptr<Strategy> s;
    if (spec.name == "sma_crossover" || spec.name == "sma") {
        SmaCrossoverParams sp;
        sp.fast = p.integer("fast", sp.fast, 1, 10'000);
        sp.slow = p.integer("slow", sp.slow, 2, 10'000);
        sp.allow_short = p.flag("short", sp.allow_short);
        s = std::make_unique<SmaCrossover>(sp);
    } else if (spec.name == "momentum") {
        MomentumParams mp;
        mp.rsi = p.integer("rsi", mp.rsi, 2, 1000);
        mp.oversold = p.number("oversold", mp.oversold, 0, 100);
        mp.overbought = p.number("overbought", mp.overbought, 0, 100);
        mp.macd_fast = p.integer("macd_fast", mp.macd_fast, 1, 1000);
        mp.macd_slow = p.integer("macd_slow", mp.macd_slow, 2, 1000);
        mp.macd_signal = p.integer("macd_signal", mp.macd_signal, 1, 1000);
        mp.volume_period = p.integer("volume_period", mp.volume_period, 1, 1000);
        mp.volume_mult = p.number("volume_mult", mp.volume_mult, 0, 100);
        mp.atr = p.integer("atr", mp.atr, 1, 1000);
        mp.atr_stop = p.number("atr_stop", mp.atr_stop, 0.01, 100);
        mp.allow_short = p.flag("short", mp.allow_short);
        mp.trail = p.flag("trail", mp.trail);
        s = std::make_unique<Momentum>(mp);
    } else if (spec.name == "mean_reversion") {
        MeanReversionParams mp;
        mp.period = p.integer("period", mp.period, 2, 1000);
        mp.k = p.number("k", mp.k, 0.01, 10);
        mp.rsi = p.integer("rsi", mp.rsi, 2, 1000);
        mp.oversold = p.number("oversold", mp.oversold, 0, 100);
        mp.overbought = p.number("overbought", mp.overbought, 0, 100);
        mp.z_entry = p.number("z_entry", mp.z_entry, 0.01, 10);
        mp.allow_short = p.flag("short", mp.allow_short);
        s = std::make_unique<MeanReversion>(mp);
    } else if (spec.name == "breakout") {
        BreakoutParams bp;
        bp.period = p.integer("period", bp.period, 2, 1000);
        bp.exit_period = p.integer("exit_period", bp.exit_period, 1, 1000);
        bp.volume_period = p.integer("volume_period", bp.volume_period, 1, 1000);
        bp.volume_mult = p.number("volume_mult", bp.volume_mult, 0, 100);
        bp.stop_pct = p.number("stop_pct", bp.stop_pct, 0.0001, 0.99);
        bp.allow_short = p.flag("short", bp.allow_short);
        bp.trail = p.flag("trail", bp.trail);
        s = std::make_unique<Breakout>(bp);
    } else {
        std::string names;
        for (const auto& n : strategy_names()) names += (names.empty() ? "" : ", ") + n;
        throw std::invalid_argument("unknown strategy \"" + spec.name + "\" (built in: " + names + ")");
    }
    p.finish();
    return s;
}

StrategySpec parse_strategy_spec(const std::string& text) {
    StrategySpec spec;
    auto colon = text.find(':');
    spec.name = text.substr(0, colon);
    if (spec.name.empty()) throw std::invalid_argument("strategy: empty name in \"" + text + "\"");
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
