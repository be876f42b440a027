// data/record_feed.hpp — loaded market data in feed order, by reference.
//
// A backtest's data is read once and kept (the loaded files, engine::LoadedFeed). Copying
// every record into the feed as a MarketEvent took 104 bytes an event: 8 MB on the 60 daily
// files, a third of what loading touches (and first touching memory is not free). Here an
// event is its time, where its record is and what kind it is: 16 bytes. The engine still
// receives MarketEvents: next() fills the caller's event from the record.
//
// The records must outlive the feed and stay where they are (a vector that is not changed
// after the feed refers to it). Records that exist nowhere else (a bar put on its Adj Close
// basis) are kept by the feed itself (add_owned). Order is as in VectorFeed: sorted once by
// the time each event becomes known, ties in the order they were added.
#pragma once
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "robo/data/feed.hpp"

namespace robo::data {

// 16 bytes: the record's address carries the kind and the backfill flag in its low bits
// (every record is at least 8-byte aligned). At 24 bytes the feed and its merge buffer were
// a third larger, in memory the process touched for the first time.
struct EventRef {
    enum class Kind : std::uint8_t { bar, quote, tick };
    Timestamp time;  // when the engine may know it (MarketEvent::time)

    EventRef(Timestamp when, const void* record, Kind kind, bool backfill) noexcept
        : time(when),
          tagged_(reinterpret_cast<std::uintptr_t>(record) | std::uintptr_t(kind) |
                  (backfill ? kBackfillBit : 0)) {}

    const void* record() const noexcept { return reinterpret_cast<const void*>(tagged_ & ~kTagBits); }
    Kind kind() const noexcept { return Kind(tagged_ & kKindBits); }
    bool backfill() const noexcept { return (tagged_ & kBackfillBit) != 0; }  // MarketEvent::backfill
    const Bar* bar() const noexcept {
        return kind() == Kind::bar ? static_cast<const Bar*>(record()) : nullptr;
    }
    // The event as the engine receives it: `out` takes the record's copy.
    void fill(MarketEvent& out) const;

private:
    static constexpr std::uintptr_t kKindBits = 3, kBackfillBit = 4, kTagBits = 7;
    std::uintptr_t tagged_;
};
static_assert(sizeof(EventRef) == 16);

// Asks for the record a few events ahead. In feed order consecutive events belong to
// different symbols, so each record is in a different one of dozens of arrays: too many
// streams for the hardware prefetcher, and every record was a cache miss on the engine's
// thread (EventRef::fill was the kernel's largest item). The record may straddle a line.
inline void prefetch_ahead(std::span<const EventRef> events, std::size_t pos) noexcept {
    constexpr std::size_t kAhead = 16;
    if (pos + kAhead < events.size()) {
        const char* rec = static_cast<const char*>(events[pos + kAhead].record());
        __builtin_prefetch(rec);
        __builtin_prefetch(rec + sizeof(Bar) - 1);
    }
}
static_assert(alignof(Bar) >= 8 && alignof(Quote) >= 8 && alignof(Tick) >= 8,
              "EventRef keeps its tags in the low three bits of a record's address");

class RecordFeed final : public Feed {
public:
    RecordFeed() = default;
    // Events refer to the owned bars: a copy would refer to the original's.
    RecordFeed(const RecordFeed&) = delete;
    RecordFeed& operator=(const RecordFeed&) = delete;
    RecordFeed(RecordFeed&&) noexcept = default;  // a deque keeps its elements in place
    RecordFeed& operator=(RecordFeed&&) noexcept = default;

    void reserve(std::size_t n) { events_.reserve(n); }
    // Refers to the record, which must outlive the feed where it is.
    void add(const Bar& bar, bool backfill = false);
    void add(const Quote& quote);
    void add(const Tick& tick);
    // Keeps a copy of `bar` (one that exists nowhere else).
    void add_owned(const Bar& bar, bool backfill = false);
    // Sorts; call once after adding everything.
    void seal();

    std::size_t size() const noexcept { return events_.size(); }
    // Every event, sorted (sealed): for readers of their own (RecordFeedReader).
    std::span<const EventRef> events() const noexcept { return events_; }

    bool next(MarketEvent& out) override;
    bool peek_time(Timestamp& out) const override;
    long remaining() const override { return long(events_.size() - pos_); }

private:
    std::vector<EventRef> events_;
    std::deque<Bar> owned_;
    std::size_t pos_ = 0;
    bool sealed_ = false;
};

// Reads the events of a RecordFeed someone else keeps alive (one loaded data set shared
// read-only by the runs of a sweep, each on its own thread), with a position of its own.
class RecordFeedReader final : public Feed {
public:
    explicit RecordFeedReader(std::span<const EventRef> events) : events_(events) {}
    bool next(MarketEvent& out) override {
        if (pos_ >= events_.size()) return false;
        prefetch_ahead(events_, pos_);
        events_[pos_++].fill(out);
        return true;
    }
    bool peek_time(Timestamp& out) const override {
        if (pos_ >= events_.size()) return false;
        out = events_[pos_].time;
        return true;
    }
    long remaining() const override { return long(events_.size() - pos_); }

private:
    std::span<const EventRef> events_;
    std::size_t pos_ = 0;
};

}  // namespace robo::data
