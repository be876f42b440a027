#include "robo/strategy/history.hpp"

#include <cmath>
#include <stdexcept>

namespace robo::strategy {

HistoryBook::Ring& HistoryBook::ring(Symbol symbol, Timeframe timeframe) {
    const Key key{symbol, timeframe};
    if (last_.ring && last_.key == key) return *last_.ring;
    last_.key = key;
    last_.ring = &rings_[key];
    return *last_.ring;
}

void HistoryBook::set_capacity(size_t capacity) {
    if (capacity == capacity_) return;
    if (!rings_.empty()) throw std::logic_error("history: the capacity changes only before the first bar");
    capacity_ = capacity;
}

void HistoryBook::on_features(const FeatureUpdate& u) {
    if (capacity_ == 0) return;
    Ring& r = ring(u.symbol, u.timeframe);
    if (r.names.empty())
        for (const auto& [name, value] : u.values) r.names.emplace_back(name);
    // Names by position: the feature engine publishes one fixed set per timeframe.
    r.pending.assign(r.names.size(), std::nan(""));
    for (size_t i = 0; i < u.values.size() && i < r.names.size(); ++i)
        if (u.values[i].first == r.names[i]) r.pending[i] = u.values[i].second;
    r.pending_time = u.time;
    r.has_pending = true;
}

void HistoryBook::on_bar(const Bar& bar) {
    if (capacity_ == 0 || bar.partial) return;
    Ring& r = ring(bar.symbol, bar.timeframe);
    if (!r.has_bar) {
        r.has_bar = true;
        first_timeframe_.try_emplace(bar.symbol, bar.timeframe);
    }
    Slot* slot;
    if (r.slots.size() < capacity_) {
        slot = &r.slots.emplace_back();
    } else {
        slot = &r.slots[r.next];
        r.next = (r.next + 1) % capacity_;
    }
    slot->bar = bar;
    if (r.has_pending && r.pending_time == bar.start)
        slot->features.assign(r.pending.begin(), r.pending.end());
    else
        slot->features.assign(r.names.size(), std::nan(""));
    r.has_pending = false;
}

History HistoryBook::recent(Symbol symbol, size_t n, std::optional<Timeframe> timeframe) const {
    History h;
    h.symbol = symbol;
    if (!timeframe) {
        auto first = first_timeframe_.find(symbol);
        if (first == first_timeframe_.end()) return h;
        timeframe = first->second;
    }
    h.timeframe = *timeframe;
    auto it = rings_.find({symbol, *timeframe});
    if (it == rings_.end()) return h;
    const Ring& r = it->second;
    h.feature_names = r.names;
    const size_t have = r.slots.size();
    const size_t take = std::min(n, have);
    // Oldest of the ring: slot `next` once it is full, else slot 0.
    const size_t oldest = have < capacity_ ? 0 : r.next;
    for (size_t i = have - take; i < have; ++i) {
        const Slot& s = r.slots[(oldest + i) % have];
        h.bars.push_back(s.bar);
        h.features.push_back(s.features);
    }
    return h;
}

}  // namespace robo::strategy
