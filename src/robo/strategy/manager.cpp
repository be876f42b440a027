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

// One strategy's window on the session: signals are recorded as its own, timers remember
// their owner, orders and its own position go to the host with its id, history is read
// from the manager's book; the rest passes through.
class Manager::View final : public Context {
public:
    View(Manager& m, StrategyId id) : m_(&m), id_(id) {}
    void rebind(Manager& m) { m_ = &m; }
    Timestamp now() const override { return m_->host().now(); }
    Quantity position(Symbol s) const override { return m_->host().position(s); }
    Money cash() const override { return m_->host().cash(); }
    Money equity() const override { return m_->host().equity(); }
    Quantity own_position(Symbol s) const override { return m_->host().own_position(id_, s); }
    void signal(const Signal& s) override { m_->record(id_, s); }
    TimerId schedule(Duration after) override {
        TimerId id = m_->host().schedule(id_, after);
        m_->timer_owner_[id] = id_;
        return id;
    }
    OrderId submit(const OrderRequest& r) override { return m_->host().submit(id_, r); }
    bool cancel(OrderId id) override { return m_->host().cancel(id_, id); }
    bool modify(OrderId id, const OrderChange& c) override { return m_->host().modify(id_, id, c); }
    History history(Symbol s, size_t n, std::optional<Timeframe> tf) const override {
        return m_->history_.recent(s, n, tf ? tf : m_->slots_[id_].timeframe);
    }

private:
    Manager* m_;
    StrategyId id_;
};

Manager::Manager(Combine mode, double threshold, size_t history_bars)
    : mode_(mode), threshold_(threshold), history_default_(history_bars), history_(0) {
    if (!(threshold > 0 && threshold <= 1))
        throw std::invalid_argument("strategy manager: weighted threshold must be in (0, 1], found " +
                                    std::to_string(threshold));
}

Manager::~Manager() = default;

Manager& Manager::operator=(Manager&& o) noexcept {
    mode_ = o.mode_;
    threshold_ = o.threshold_;
    host_ = o.host_;
    slots_ = std::move(o.slots_);
    latest_ = std::move(o.latest_);
    changed_ = std::move(o.changed_);
    timer_owner_ = std::move(o.timer_owner_);
    history_default_ = o.history_default_;
    history_ = std::move(o.history_);
    reads_features_ = o.reads_features_;
    for (auto& slot : slots_) slot.context->rebind(*this);
    return *this;
}

StrategyId Manager::add(std::shared_ptr<Strategy> strategy, double weight,
                        std::optional<Timeframe> timeframe) {
    if (!strategy) throw std::invalid_argument("strategy manager: no strategy object given");
    if (!(weight > 0) || !std::isfinite(weight))
        throw std::invalid_argument("strategy manager: weight of " + std::string(strategy->name()) +
                                    " must be positive, found " + std::to_string(weight));
    const auto id = StrategyId(slots_.size());
    const size_t need = strategy->history_bars().value_or(history_default_);
    if (need > history_.capacity()) history_.set_capacity(need);
    reads_features_ = reads_features_ || strategy->reads_features();
    slots_.push_back({std::move(strategy), weight, timeframe, std::make_unique<View>(*this, id)});
    return id;
}

Context& Manager::context(StrategyId id) { return *slots_.at(id).context; }

void Manager::bind(Host& host) { host_ = &host; }

Host& Manager::host() const {
    if (!host_) throw std::logic_error("strategy manager: no host bound (Manager::bind)");
    return *host_;
}

void Manager::record(size_t slot, const Signal& s) {
    Latest& l = latest_[s.symbol];
    if (l.by_strategy.size() != slots_.size()) l.by_strategy.resize(slots_.size());
    auto& prev = l.by_strategy[slot];
    bool changed =
        !prev || prev->direction != s.direction || prev->strength != s.strength || prev->stop != s.stop;
    if (!changed) {
        // Most bars repeat the last signal: only a new reason is copied (the symbol is the
        // same by construction).
        if (prev->reason != s.reason) prev->reason = s.reason;
        return;
    }
    prev = s;
    if (std::find(changed_.begin(), changed_.end(), s.symbol) == changed_.end()) changed_.push_back(s.symbol);
}

void Manager::take_changed(std::vector<Symbol>& out) {
    out.insert(out.end(), changed_.begin(), changed_.end());
    changed_.clear();
}

void Manager::start() {
    host();  // bound before anything is said
    for (auto& slot : slots_) slot.strategy->on_start(*slot.context);
}
void Manager::bar(const Bar& b, bool derived) {
    history_.on_bar(b);
    for (auto& slot : slots_)
        if (slot.wants(b.timeframe, derived)) slot.strategy->on_bar(*slot.context, b);
}
void Manager::quote(const Quote& q) {
    for (auto& slot : slots_) slot.strategy->on_quote(*slot.context, q);
}
void Manager::trade(const Tick& t) {
    for (auto& slot : slots_) slot.strategy->on_trade(*slot.context, t);
}
void Manager::features(const FeatureUpdate& u) {
    history_.on_features(u);
    for (auto& slot : slots_)
        if (slot.wants(u.timeframe, u.derived)) slot.strategy->on_features(*slot.context, u);
}
void Manager::fill(StrategyId id, const Fill& f) {
    Slot& slot = slots_.at(id);
    slot.strategy->on_fill(*slot.context, f);
}
void Manager::order_event(StrategyId id, const OrderEvent& e) {
    Slot& slot = slots_.at(id);
    slot.strategy->on_order(*slot.context, e);
}
void Manager::stop() {
    for (auto& slot : slots_) slot.strategy->on_stop(*slot.context);
}

void Manager::timer(TimerId id) {
    auto it = timer_owner_.find(id);
    if (it == timer_owner_.end()) return;
    Slot& slot = slots_[it->second];
    timer_owner_.erase(it);
    slot.strategy->on_timer(*slot.context, id);
}

std::optional<Wish> Manager::combined(Symbol symbol) const {
    const Latest* latest = latest_.find(symbol);
    if (!latest) return std::nullopt;
    const auto& sigs = latest->by_strategy;
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
        if (w.strategies.empty()) w.strategy = slots_[i].strategy->name();
        w.strategies.push_back(StrategyId(i));
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
