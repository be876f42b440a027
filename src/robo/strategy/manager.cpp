#include "robo/strategy/manager.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace robo::strategy {

std::string_view to_string(Combine c) noexcept {
    switch (c) {
        case Combine::vote:
            return "vote";
        case Combine::weighted:
            return "weighted";
        case Combine::priority:
            return "priority";
    }
    return "?";
}

bool parse_combine(std::string_view text, Combine& out) noexcept {
    if (text == "vote")
        out = Combine::vote;
    else if (text == "weighted")
        out = Combine::weighted;
    else if (text == "priority")
        out = Combine::priority;
    else
        return false;
    return true;
}

// One strategy's window on the engine: signals are tagged with the strategy; timers
// remember their owner; everything else passes through.
class Manager::View final : public Context {
public:
    View(Manager& m, Context& base, size_t slot) : m_(m), base_(base), slot_(slot) {}
    Timestamp now() const override { return base_.now(); }
    Quantity position(Symbol s) const override { return base_.position(s); }
    Money equity() const override { return base_.equity(); }
    void signal(const Signal& s) override { m_.record(slot_, s); }
    TimerId schedule(Duration after) override {
        TimerId id = base_.schedule(after);
        m_.timer_owner_[id] = slot_;
        return id;
    }

private:
    Manager& m_;
    Context& base_;
    size_t slot_;
};

Manager::Manager(Combine mode, double threshold) : mode_(mode), threshold_(threshold) {
    if (!(threshold > 0 && threshold <= 1))
        throw std::invalid_argument("strategy manager: weighted threshold must be in (0, 1], found " +
                                    std::to_string(threshold));
}

void Manager::add(std::shared_ptr<Strategy> strategy, double weight, std::optional<Timeframe> timeframe) {
    if (!strategy) throw std::invalid_argument("strategy manager: no strategy object given");
    if (!(weight > 0) || !std::isfinite(weight))
        throw std::invalid_argument("strategy manager: weight of " + std::string(strategy->name()) +
                                    " must be positive, found " + std::to_string(weight));
    slots_.push_back({std::move(strategy), weight, timeframe});
}

void Manager::record(size_t slot, const Signal& s) {
    Latest& l = latest_[s.symbol];
    if (l.by_strategy.size() != slots_.size()) l.by_strategy.resize(slots_.size());
    auto& prev = l.by_strategy[slot];
    bool changed =
        !prev || prev->direction != s.direction || prev->strength != s.strength || prev->stop != s.stop;
    prev = s;
    if (changed && std::find(changed_.begin(), changed_.end(), s.symbol) == changed_.end())
        changed_.push_back(s.symbol);
}

void Manager::take_changed(std::vector<Symbol>& out) {
    out.insert(out.end(), changed_.begin(), changed_.end());
    changed_.clear();
}

#define ROBO_FAN_OUT(call)                       \
    for (size_t i = 0; i < slots_.size(); ++i) { \
        View view(*this, base, i);               \
        slots_[i].strategy->call;                \
    }

void Manager::start(Context& base) { ROBO_FAN_OUT(on_start(view)) }
void Manager::bar(Context& base, const Bar& b, bool derived) {
    for (size_t i = 0; i < slots_.size(); ++i) {
        if (!slots_[i].wants(b.timeframe, derived)) continue;
        View view(*this, base, i);
        slots_[i].strategy->on_bar(view, b);
    }
}
void Manager::quote(Context& base, const Quote& q) { ROBO_FAN_OUT(on_quote(view, q)) }
void Manager::trade(Context& base, const Tick& t) { ROBO_FAN_OUT(on_trade(view, t)) }
void Manager::features(Context& base, const FeatureUpdate& u) {
    for (size_t i = 0; i < slots_.size(); ++i) {
        if (!slots_[i].wants(u.timeframe, u.derived)) continue;
        View view(*this, base, i);
        slots_[i].strategy->on_features(view, u);
    }
}
void Manager::fill(Context& base, const Fill& f) { ROBO_FAN_OUT(on_fill(view, f)) }
void Manager::stop(Context& base) { ROBO_FAN_OUT(on_stop(view)) }
#undef ROBO_FAN_OUT

void Manager::timer(Context& base, TimerId id) {
    auto it = timer_owner_.find(id);
    if (it == timer_owner_.end()) return;
    size_t slot = it->second;
    timer_owner_.erase(it);
    View view(*this, base, slot);
    slots_[slot].strategy->on_timer(view, id);
}

std::optional<Wish> Manager::combined(Symbol symbol) const {
    auto it = latest_.find(symbol);
    if (it == latest_.end()) return std::nullopt;
    const auto& sigs = it->second.by_strategy;
    Wish w;
    w.symbol = symbol;
    switch (mode_) {
        case Combine::vote: {
            int sum = 0;
            for (const auto& s : sigs)
                if (s) sum += int(s->direction);
            w.direction = sum > 0 ? Direction::long_ : sum < 0 ? Direction::short_ : Direction::flat;
            break;
        }
        case Combine::weighted: {
            double score = 0, total = 0;
            for (size_t i = 0; i < sigs.size(); ++i) {
                total += slots_[i].weight;
                if (sigs[i])
                    score +=
                        slots_[i].weight * std::clamp(sigs[i]->strength, 0.0, 1.0) * int(sigs[i]->direction);
            }
            double x = total > 0 ? score / total : 0;
            w.direction = x >= threshold_    ? Direction::long_
                          : x <= -threshold_ ? Direction::short_
                                             : Direction::flat;
            break;
        }
        case Combine::priority: {
            for (const auto& s : sigs)
                if (s && s->direction != Direction::flat) {
                    w.direction = s->direction;
                    break;
                }
            break;
        }
    }
    // Reasons and the tightest stop from the strategies that agree with the decision.
    for (size_t i = 0; i < sigs.size(); ++i) {
        const auto& s = sigs[i];
        if (!s || s->direction != w.direction) continue;
        if (!w.reason.empty()) w.reason += ',';
        w.reason += slots_[i].strategy->name();
        w.reason += ':';
        w.reason += s->reason;
        if (s->stop && w.direction != Direction::flat) {
            bool tighter =
                !w.stop || (w.direction == Direction::long_ ? *s->stop > *w.stop : *s->stop < *w.stop);
            if (tighter) w.stop = s->stop;
        }
        if (mode_ == Combine::priority && w.direction != Direction::flat) break;
    }
    return w;
}

}  // namespace robo::strategy
