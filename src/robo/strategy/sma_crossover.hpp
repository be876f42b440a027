// strategy/sma_crossover.hpp — the classic moving-average crossover.
//
// Per symbol, a fast and a slow simple moving average of closes (parameters, defaults and
// bounds: the schema in sma_crossover.cpp, docs/strategies.md).
// Long while fast > slow; when fast falls to or below slow, flat (or short when
// allow_short). Signals are emitted on every bar once both averages are warm, so the
// manager always knows the current wish; before that, nothing is emitted.
// The averages are features::Sma (TA-Lib's SMA, drift-free running sum): O(1) per bar,
// no allocation after a symbol's first bar.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include "robo/core/symbol_map.hpp"
#include "robo/features/sma.hpp"
#include "robo/strategy/schema.hpp"
#include "robo/strategy/strategy.hpp"

namespace robo::strategy {

struct SmaCrossoverParams {
    int fast = 0;
    int slow = 0;
    bool allow_short = false;

    static SmaCrossoverParams defaults();  // the schema's
    static SmaCrossoverParams from(const ParamValues& v);
    ParamValues values() const;
};

class SmaCrossover final : public Strategy {
public:
    // Throws std::invalid_argument outside the schema's bounds, ConstraintError unless
    // fast < slow.
    explicit SmaCrossover(SmaCrossoverParams params = SmaCrossoverParams::defaults());
    std::string_view name() const noexcept override { return "sma_crossover"; }
    // The slow average, and one bar more to see it cross.
    int warmup_bars() const noexcept override { return std::max(params_.fast, params_.slow) + 1; }
    std::optional<size_t> history_bars() const noexcept override { return 0; }  // its own averages
    bool reads_features() const noexcept override { return false; }
    void on_bar(Context& ctx, const Bar& bar) override;

private:
    struct State {
        features::Sma fast, slow;
        // Reused every bar: its reason keeps its buffer, so a signal allocates nothing.
        Signal signal;
        bool above = false;  // the side its reason was last set for
    };
    SmaCrossoverParams params_;
    SymbolMap<State> states_;
};

}  // namespace robo::strategy
