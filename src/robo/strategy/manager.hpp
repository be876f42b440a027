// strategy/manager.hpp — runs several strategies over a universe, gives each one stable
// Context for the whole session, and combines their signals into one wish per symbol.
//
// Each strategy has an id (StrategyId: its index, in the order added) and one Context,
// made when it is added and valid as long as the manager: it records the strategy's latest
// signal per symbol, reads the history book, and passes the clock, the account, timers and
// orders to the Host on the strategy's behalf. Order events and fills reach only the
// strategies they belong to (order_event, fill); the host decides whose they are.
// Combination modes:
//   vote      the sign of the sum of directions (ties are flat);
//   weighted  sum of weight x strength x direction over the total weight; long at or
//             above +threshold, short at or below -threshold, else flat;
//   priority  the first strategy in order that wants a position decides; flat if none.
// The protective stop of the combined wish is the tightest stop among the strategies
// that agree with it. The manager decides nothing about size or risk and never sees an
// order: the engine's trader turns wishes into orders through sizing and the risk gate.
// A wish names the strategies that decided it (those that agree with it; in priority mode
// the first): the fills of its orders are theirs, and Kelly sizing reads the first one's
// round trips.
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

#include "robo/core/symbol_map.hpp"
#include "robo/strategy/history.hpp"
#include "robo/strategy/host.hpp"
#include "robo/strategy/strategy.hpp"

namespace robo::strategy {

enum class Combine : uint8_t { vote, weighted, priority };
std::string_view to_string(Combine c) noexcept;
bool parse_combine(std::string_view text, Combine& out) noexcept;

struct Wish {
    Symbol symbol;
    Direction direction = Direction::flat;
    std::optional<Price> stop;
    std::string reason;                  // "sma_crossover:sma_fast_above_slow" (the deciding strategies)
    std::vector<StrategyId> strategies;  // the deciding strategies, in the order added
    std::string strategy;                // the first one's name ("" when none decided)
};

class Manager {
public:
    // history_bars: the bars per symbol and timeframe Context::history keeps for a strategy
    // that does not say (Strategy::history_bars); the book keeps the most any strategy needs.
    explicit Manager(Combine mode = Combine::vote, double threshold = 0.5, size_t history_bars = 0);
    ~Manager();
    Manager(const Manager&) = delete;
    Manager& operator=(const Manager&) = delete;
    // Before a session only: the Contexts move along and keep their strategies.
    Manager& operator=(Manager&& other) noexcept;

    // Shared: a caller may keep the object (a Python strategy) and read it afterwards.
    // Returns the strategy's id.
    StrategyId add(std::shared_ptr<Strategy> strategy, double weight = 1.0,
                   std::optional<Timeframe> timeframe = std::nullopt);
    size_t size() const noexcept { return slots_.size(); }
    const Strategy& strategy(size_t i) const { return *slots_[i].strategy; }
    std::optional<Timeframe> timeframe(size_t i) const { return slots_[i].timeframe; }
    // The stable Context of strategy `id` (what its callbacks receive).
    Context& context(StrategyId id);

    // The host every Context acts through; set once, before any event. Events before it
    // is bound throw std::logic_error.
    void bind(Host& host);

    // Event fan-out, in the order strategies were added.
    void start();
    // `derived`: built by the engine from finer data bars (see above).
    void bar(const Bar& bar, bool derived = false);
    void quote(const Quote& quote);
    void trade(const Tick& tick);
    void features(const FeatureUpdate& update);
    // To one strategy: a fill that is its own, an event of its own order.
    void fill(StrategyId id, const Fill& fill);
    void order_event(StrategyId id, const OrderEvent& event);
    // A timer belongs to the strategy that scheduled it.
    void timer(TimerId id);
    void stop();

    // The combined wish for a symbol from the strategies' latest signals; nullopt
    // while no strategy has spoken about it.
    std::optional<Wish> combined(Symbol symbol) const;

    // Symbols whose signals changed since the last call (in first-changed order).
    void take_changed(std::vector<Symbol>& out);

    const HistoryBook& history() const noexcept { return history_; }
    // Whether anything here reads features: a strategy that says so, or a history that
    // keeps bars (with their features). Without it, the session need not compute them.
    bool reads_features() const noexcept { return reads_features_ || history_.capacity() > 0; }

private:
    class View;  // the Context of one strategy
    struct Slot {
        std::shared_ptr<Strategy> strategy;
        double weight;
        std::optional<Timeframe> timeframe;
        std::unique_ptr<View> context;
        bool wants(Timeframe tf, bool derived) const { return timeframe ? *timeframe == tf : !derived; }
    };
    struct Latest {
        std::vector<std::optional<Signal>> by_strategy;
    };
    void record(size_t slot, const Signal& s);
    Host& host() const;

    Combine mode_;
    double threshold_;
    Host* host_ = nullptr;
    std::vector<Slot> slots_;
    SymbolMap<Latest> latest_;
    std::vector<Symbol> changed_;
    std::unordered_map<TimerId, size_t> timer_owner_;
    size_t history_default_;
    HistoryBook history_;
    bool reads_features_ = false;  // a strategy added says it reads them
    friend class View;
};

}  // namespace robo::strategy
