// strategy/manager.hpp — runs several strategies over a universe and combines their
// signals into one wish per symbol.
//
// Each strategy gets its own Context view that records its latest signal per symbol.
// Combination modes:
//   vote      the sign of the sum of directions (ties are flat);
//   weighted  sum of weight x strength x direction over the total weight; long at or
//             above +threshold, short at or below -threshold, else flat;
//   priority  the first strategy in order that wants a position decides; flat if none.
// The protective stop of the combined wish is the tightest stop among the strategies
// that agree with it. The manager decides nothing about size or risk and never sees an
// order: the engine's trader turns wishes into orders through sizing and the risk gate.
// Timeframes: a strategy added with a timeframe sees only bars and feature updates of
// that timeframe, whether they came from the data or were built from finer data bars
// (derived); one added without sees the data's own bars of every timeframe but never a
// derived one, so a derived 5-minute bar cannot slip into a 1-minute strategy's series.
// Signals combine across timeframes: a strategy's latest signal stands until it speaks
// again, so a 1-hour trend filter and a 1-minute entry can vote together.
// Deterministic: strategies run in the order they were added.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "robo/strategy/strategy.hpp"

namespace robo::strategy {

enum class Combine : uint8_t { vote, weighted, priority };
std::string_view to_string(Combine c) noexcept;
bool parse_combine(std::string_view text, Combine& out) noexcept;

struct Wish {
    Symbol symbol;
    Direction direction = Direction::flat;
    std::optional<Price> stop;
    std::string reason;  // "sma_crossover:sma_fast_above_slow" (the deciding strategies)
};

class Manager {
public:
    explicit Manager(Combine mode = Combine::vote, double threshold = 0.5);

    // Shared: a caller may keep the object (a Python strategy) and read it afterwards.
    void add(std::shared_ptr<Strategy> strategy, double weight = 1.0,
             std::optional<Timeframe> timeframe = std::nullopt);
    size_t size() const noexcept { return slots_.size(); }
    const Strategy& strategy(size_t i) const { return *slots_[i].strategy; }
    std::optional<Timeframe> timeframe(size_t i) const { return slots_[i].timeframe; }

    // Event fan-out, in the order strategies were added. `base` supplies the clock,
    // positions, equity and timers.
    void start(Context& base);
    // `derived`: built by the engine from finer data bars (see above).
    void bar(Context& base, const Bar& bar, bool derived = false);
    void quote(Context& base, const Quote& quote);
    void trade(Context& base, const Tick& tick);
    void features(Context& base, const FeatureUpdate& update);
    void fill(Context& base, const Fill& fill);
    // A timer belongs to the strategy that scheduled it.
    void timer(Context& base, TimerId id);
    void stop(Context& base);

    // The combined wish for a symbol from the strategies' latest signals; nullopt
    // while no strategy has spoken about it.
    std::optional<Wish> combined(Symbol symbol) const;

    // Symbols whose signals changed since the last call (in first-changed order).
    void take_changed(std::vector<Symbol>& out);

private:
    struct Slot {
        std::shared_ptr<Strategy> strategy;
        double weight;
        std::optional<Timeframe> timeframe;
        bool wants(Timeframe tf, bool derived) const { return timeframe ? *timeframe == tf : !derived; }
    };
    class View;  // Context of one strategy
    struct Latest {
        std::vector<std::optional<Signal>> by_strategy;
    };
    void record(size_t slot, const Signal& s);

    Combine mode_;
    double threshold_;
    std::vector<Slot> slots_;
    std::unordered_map<Symbol, Latest> latest_;
    std::vector<Symbol> changed_;
    std::unordered_map<TimerId, size_t> timer_owner_;
    friend class View;
};

}  // namespace robo::strategy
