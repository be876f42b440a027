// data/record_feed.cpp — see record_feed.hpp.
#include "robo/data/record_feed.hpp"

#include <stdexcept>
#include <thread>

#include "robo/core/sort_runs.hpp"

namespace robo::data {

void EventRef::fill(MarketEvent& out) const {
    out.time = time;
    out.backfill = backfill();
    switch (kind()) {
        case Kind::bar:
            out.data = *static_cast<const Bar*>(record());
            return;
        case Kind::quote:
            out.data = *static_cast<const Quote*>(record());
            return;
        case Kind::tick:
            out.data = *static_cast<const Tick*>(record());
            return;
    }
}

void RecordFeed::add(const Bar& bar, bool backfill) {
    events_.emplace_back(bar_known_at(bar), &bar, EventRef::Kind::bar, backfill);
}
void RecordFeed::add(const Quote& q) { events_.emplace_back(q.time, &q, EventRef::Kind::quote, false); }
void RecordFeed::add(const Tick& t) { events_.emplace_back(t.time, &t, EventRef::Kind::tick, false); }
void RecordFeed::add_owned(const Bar& bar, bool backfill) { add(owned_.emplace_back(bar), backfill); }

void RecordFeed::seal() {
    // Each file's events are in time order: the feed is a few dozen runs to merge. Loading
    // has finished and nothing else runs yet: a second core merges half of them (from 64k
    // events on, where it pays for its thread).
    stable_sort_runs(
        events_, [](const EventRef& e) { return e.time; }, 4096,
        events_.size() >= (1u << 16) && std::thread::hardware_concurrency() > 1);
    sealed_ = true;
}

bool RecordFeed::next(MarketEvent& out) {
    if (!sealed_) throw std::logic_error("RecordFeed: seal() must be called before reading");
    if (pos_ >= events_.size()) return false;
    prefetch_ahead(events_, pos_);
    events_[pos_++].fill(out);
    return true;
}

bool RecordFeed::peek_time(Timestamp& out) const {
    if (pos_ >= events_.size()) return false;
    out = events_[pos_].time;
    return true;
}

}  // namespace robo::data
