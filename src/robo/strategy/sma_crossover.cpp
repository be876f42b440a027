#include "robo/strategy/sma_crossover.hpp"

#include <stdexcept>

namespace robo::strategy {

std::string_view to_string(Direction d) noexcept {
    switch (d) {
        case Direction::short_:
            return "short";
        case Direction::flat:
            return "flat";
        case Direction::long_:
            return "long";
    }
    return "?";
}

namespace {
const Registration registration{{
    .name = "sma_crossover",
    .aliases = {"sma"},
    .description = "Long while the fast simple moving average of closes is above the slow one",
    .params =
        {
            {"fast", ParamType::integer, 10, 1, 10'000, "Fast moving-average period (bars)"},
            {"slow", ParamType::integer, 30, 2, 10'000, "Slow moving-average period (bars), above fast"},
            {"short", ParamType::flag, 0, 0, 1, "Short while fast is at or below slow (else flat)"},
        },
    .make = [](const ParamValues& v) { return std::make_unique<SmaCrossover>(SmaCrossoverParams::from(v)); },
}};
}  // namespace

SmaCrossoverParams SmaCrossoverParams::defaults() { return from(registered_values("sma_crossover")); }

SmaCrossoverParams SmaCrossoverParams::from(const ParamValues& v) {
    return {int(v.at("fast")), int(v.at("slow")), v.at("short") != 0};
}

ParamValues SmaCrossoverParams::values() const {
    return {{"fast", fast}, {"slow", slow}, {"short", allow_short ? 1 : 0}};
}

SmaCrossover::SmaCrossover(SmaCrossoverParams params) : params_(params) {
    registered_values("sma_crossover", params_.values());
    if (params_.slow <= params_.fast)
        throw ConstraintError("sma_crossover: need fast < slow, found fast=" + std::to_string(params_.fast) +
                              " slow=" + std::to_string(params_.slow));
}

void SmaCrossover::on_bar(Context& ctx, const Bar& bar) {
    State* state = states_.find(bar.symbol);
    if (!state)
        state = states_
                    .try_emplace(bar.symbol, State{features::Sma(params_.fast), features::Sma(params_.slow),
                                                   Signal{.symbol = bar.symbol}})
                    .first;
    State& s = *state;
    const double close = bar.close.to_double();
    auto fast_value = s.fast.update(close);
    auto slow_value = s.slow.update(close);
    if (!fast_value || !slow_value) return;
    const double fast = *fast_value, slow = *slow_value;
    Signal& sig = s.signal;
    const bool above = fast > slow;
    if (above != s.above || sig.reason.empty()) {  // the reason is copied only when it changes
        s.above = above;
        sig.reason = above ? "sma_fast_above_slow" : "sma_fast_at_or_below_slow";
    }
    sig.direction = above ? Direction::long_ : params_.allow_short ? Direction::short_ : Direction::flat;
    ctx.signal(sig);
}

}  // namespace robo::strategy
