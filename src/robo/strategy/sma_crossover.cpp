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

SmaCrossover::SmaCrossover(SmaCrossoverParams params) : params_(params) {
    if (params_.fast < 1 || params_.slow <= params_.fast)
        throw std::invalid_argument("sma_crossover: need 1 <= fast < slow, found fast=" +
                                    std::to_string(params_.fast) + " slow=" + std::to_string(params_.slow));
}

void SmaCrossover::on_bar(Context& ctx, const Bar& bar) {
    auto it = states_.find(bar.symbol);
    if (it == states_.end())
        it = states_.emplace(bar.symbol, State{features::Sma(params_.fast), features::Sma(params_.slow)})
                 .first;
    State& s = it->second;
    const double close = bar.close.to_double();
    auto fast_value = s.fast.update(close);
    auto slow_value = s.slow.update(close);
    if (!fast_value || !slow_value) return;
    const double fast = *fast_value, slow = *slow_value;
    Signal sig;
    sig.symbol = bar.symbol;
    if (fast > slow) {
        sig.direction = Direction::long_;
        sig.reason = "sma_fast_above_slow";
    } else {
        sig.direction = params_.allow_short ? Direction::short_ : Direction::flat;
        sig.reason = "sma_fast_at_or_below_slow";
    }
    ctx.signal(sig);
}

}  // namespace robo::strategy
