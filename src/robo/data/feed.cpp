#include "robo/data/feed.hpp"

#include "robo/data/feed_notice.hpp"

#include "robo/core/sort_runs.hpp"

#include <stdexcept>

namespace robo::data {

std::vector<FeedNotice> Feed::take_notices() { return {}; }

Symbol MarketEvent::symbol() const {
    return std::visit([](const auto& d) { return d.symbol; }, data);
}

Timestamp bar_known_at(const Bar& bar) noexcept {
    return bar.start + std::chrono::seconds(timeframe_seconds(bar.timeframe));
}

void VectorFeed::add(const Bar& bar, bool backfill) { events_.push_back({bar_known_at(bar), bar, backfill}); }
void VectorFeed::add(const Quote& q) { events_.push_back({q.time, q}); }
void VectorFeed::add(const Tick& t) { events_.push_back({t.time, t}); }

void VectorFeed::seal() {
    // Each file's events are in time order: the feed is a few dozen runs to merge.
    stable_sort_runs(events_, [](const MarketEvent& e) { return e.time; });
    sealed_ = true;
}

bool VectorFeed::next(MarketEvent& out) {
    if (!sealed_) throw std::logic_error("VectorFeed: seal() must be called before reading");
    if (pos_ >= events_.size()) return false;
    out = events_[pos_++];
    return true;
}

bool VectorFeed::peek_time(Timestamp& out) const {
    if (pos_ >= events_.size()) return false;
    out = events_[pos_].time;
    return true;
}

}  // namespace robo::data
