// data/feed.hpp — market data in the order the engine delivers it.
//
// The interface lives here, below the engine, because the market-data sources that
// implement it (files, the IBKR adapter, the quality gate) must not depend on the engine.
//
// A MarketEvent is a closed bar, a quote or a trade, stamped with the time it became
// known: a bar at the end of its interval (start + timeframe), a quote or trade at its
// own time. A Feed hands events out in non-decreasing time; ties keep a fixed order
// (the order the events were added in a VectorFeed, which sorts stably by time), so
// the same data always gives the same sequence.
// A live feed (IBKR, the TWS simulator) may be empty for a while without having ended:
// peek_time() returns false, ended() says whether more can come, and the wake callback
// tells the engine (from any thread) that data arrived, so the engine waits on its
// io_context instead of spinning. What a person must hear of (a backfill given up) the
// feed hands over as FeedNotices, which the engine puts on the audit trail (and so into
// the alerts); status() is the feed's line in the health snapshot.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "robo/core/market_data.hpp"

namespace robo::data {

struct MarketEvent {
    Timestamp time;  // when the engine may know it
    std::variant<Bar, Quote, Tick> data;
    // History read before a live session (warm-up): strategies see it, but nothing is
    // traded on it and no simulated broker fills on it.
    bool backfill = false;

    Symbol symbol() const;
};

// When a bar becomes known: the end of its interval. Day and session bars are known at
// the end of the nominal interval after their start (a daily bar stamped with its date
// at midnight becomes known at the next midnight).
Timestamp bar_known_at(const Bar& bar) noexcept;

// Something about the feed that a person must hear of (data/feed_notice.hpp: its json
// fields are for the audit trail, which is why they are not in this header).
struct FeedNotice;

// A live feed's condition for health: one line for people and the counts behind it.
struct FeedStatus {
    std::string text;                // "ok", "backfill failed for AAPL ..."; empty for files
    bool degraded = false;           // something an operator should hear of (`text` says what)
    uint64_t undecodable = 0;        // messages skipped because they could not be decoded
    uint64_t backfill_retries = 0;   // history requests asked again
    uint64_t backfill_failures = 0;  // history requests given up or refused
};

class Feed {
public:
    virtual ~Feed() = default;
    // The next event, or false at the end.
    virtual bool next(MarketEvent& out) = 0;
    // Time of the next event without consuming it; false at the end (or, for a live
    // feed, when nothing is queued right now).
    virtual bool peek_time(Timestamp& out) const = 0;
    // Whether an empty feed has ended. Files end when empty; a live feed ends when told.
    virtual bool ended() const { return true; }
    // Called once by the engine before it runs: a live feed calls `wake` (from any thread)
    // when data arrives or when it ends. Files never call it.
    virtual void set_wake(std::function<void()> /*wake*/) {}
    // Events not yet delivered, when known (for health); -1 when unknown.
    virtual long remaining() const { return -1; }
    // Notices since the last call; the engine takes them on its thread (a live feed
    // calls `wake` after queueing one).
    virtual std::vector<FeedNotice> take_notices();  // none (feed_notice.hpp)
    // The feed's condition for health ("ok", "backfill failed for AAPL ..." and counts);
    // empty when it has nothing to say (files).
    virtual FeedStatus status() const { return {}; }
};

// All events in memory, sorted once by time (stable: ties keep insertion order).
class VectorFeed final : public Feed {
public:
    VectorFeed() = default;
    // `backfill`: history before the session (warm-up): strategies see it, nothing trades on it.
    void add(const Bar& bar, bool backfill = false);
    void add(const Quote& quote);
    void add(const Tick& tick);
    void reserve(size_t n) { events_.reserve(n); }
    // Sorts; call once after adding everything.
    void seal();
    size_t size() const noexcept { return events_.size(); }
    // Time of the first and the last event (sealed, not empty); false otherwise.
    bool span(Timestamp& first, Timestamp& last) const {
        if (!sealed_ || events_.empty()) return false;
        first = events_.front().time;
        last = events_.back().time;
        return true;
    }

    bool next(MarketEvent& out) override;
    bool peek_time(Timestamp& out) const override;
    long remaining() const override { return long(events_.size() - pos_); }
    // Every event, sorted (sealed): for readers of their own (EventsFeed).
    std::span<const MarketEvent> events() const noexcept { return events_; }

private:
    std::vector<MarketEvent> events_;
    size_t pos_ = 0;
    bool sealed_ = false;
};

// Reads events someone else owns and keeps alive (one loaded data set shared read-only by
// the runs of a sweep, each on its own thread): each reader has its own position, and
// the events are never copied or changed.
class EventsFeed final : public Feed {
public:
    explicit EventsFeed(std::span<const MarketEvent> events) : events_(events) {}
    bool next(MarketEvent& out) override {
        if (pos_ >= events_.size()) return false;
        out = events_[pos_++];
        return true;
    }
    bool peek_time(Timestamp& out) const override {
        if (pos_ >= events_.size()) return false;
        out = events_[pos_].time;
        return true;
    }
    long remaining() const override { return long(events_.size() - pos_); }

private:
    std::span<const MarketEvent> events_;
    size_t pos_ = 0;
};

}  // namespace robo::data
