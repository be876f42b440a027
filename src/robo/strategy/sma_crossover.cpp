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

void SmaCrossover::Window::push(double x, size_t n) {
    if (ring.size() != n) ring.assign(n, 0.0);
    sum += x - ring[next];
    ring[next] = x;
    next = (next + 1) % n;
    if (count < n) ++count;
}

void SmaCrossover::on_bar(Context& ctx, const Bar& bar) {
    State& s = states_[bar.symbol];
    const double close = bar.close.to_double();
    const auto fast_n = size_t(params_.fast), slow_n = size_t(params_.slow);
    s.fast.push(close, fast_n);
    s.slow.push(close, slow_n);
    if (!s.slow.full(slow_n)) return;
    const double fast = s.fast.sum / double(fast_n), slow = s.slow.sum / double(slow_n);
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
