#include "robo/data/feed.hpp"

#include "robo/data/feed_notice.hpp"

#include <algorithm>
#include <cstdint>
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

namespace {
// Where each position of the merged order takes its event from, merging the runs of events
// already in time order (each file's rows are). Ties go to the earlier run, which is what a
// stable sort by time gives: an earlier run's events were added first.
std::vector<uint32_t> merged_order(const std::vector<MarketEvent>& events,
                                   const std::vector<size_t>& starts) {
    struct Head {
        Timestamp time;
        uint32_t run;
    };
    auto later = [](const Head& a, const Head& b) {
        return a.time != b.time ? a.time > b.time : a.run > b.run;
    };
    std::vector<size_t> next(starts.begin(), starts.end());
    std::vector<Head> heap;
    heap.reserve(starts.size());
    for (uint32_t r = 0; r < starts.size(); ++r) heap.push_back({events[starts[r]].time, r});
    std::make_heap(heap.begin(), heap.end(), later);
    std::vector<uint32_t> from;
    from.reserve(events.size());
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        Head& h = heap.back();
        const size_t i = next[h.run]++;
        from.push_back(static_cast<uint32_t>(i));
        const size_t end = h.run + 1 < starts.size() ? starts[h.run + 1] : events.size();
        if (next[h.run] < end) {
            h.time = events[next[h.run]].time;
            std::push_heap(heap.begin(), heap.end(), later);
        } else {
            heap.pop_back();
        }
    }
    return from;
}

// Moves each event to its place, following the permutation's cycles: no second array of
// events (the stable sort's buffer was half the feed, fresh memory on every run).
void apply_order(std::vector<MarketEvent>& events, std::vector<uint32_t>& from) {
    for (size_t j = 0; j < events.size(); ++j) {
        if (from[j] == j) continue;
        MarketEvent held = std::move(events[j]);
        size_t at = j;
        while (true) {
            const size_t src = from[at];
            from[at] = static_cast<uint32_t>(at);
            if (src == j) {
                events[at] = std::move(held);
                break;
            }
            events[at] = std::move(events[src]);
            at = src;
        }
    }
}
}  // namespace

void VectorFeed::seal() {
    // The runs already in time order: usually one per file, each a few thousand events.
    std::vector<size_t> starts{0};
    for (size_t i = 1; i < events_.size(); ++i)
        if (events_[i].time < events_[i - 1].time) starts.push_back(i);
    constexpr size_t kMergeAtMost = 4096;  // beyond, the data is far from sorted: sort it
    if (events_.size() > 1 && starts.size() > 1) {
        if (starts.size() <= kMergeAtMost && events_.size() <= UINT32_MAX) {
            auto from = merged_order(events_, starts);
            apply_order(events_, from);
        } else {
            std::stable_sort(events_.begin(), events_.end(),
                             [](const MarketEvent& a, const MarketEvent& b) { return a.time < b.time; });
        }
    }
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
