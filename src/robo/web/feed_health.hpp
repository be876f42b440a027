// web/feed_health.hpp — how one symbol's feed is doing: freshness, message rate, gaps,
// rejected and quarantined counts and a quality score (web/feed_watch.hpp keeps one per symbol).
#pragma once
#include <cstdint>
#include <string_view>

#include "robo/core/symbol.hpp"
#include "robo/core/time.hpp"

namespace robo::web {

struct FeedHealth {
    Symbol symbol;
    Timestamp last_update{};      // session clock when the last event arrived
    Timestamp last_event_time{};  // that event's own time
    uint64_t messages = 0;        // events that reached the gate (live and backfill)
    uint64_t delivered = 0;       // passed or flagged, handed to subscribers
    uint64_t flagged = 0;
    uint64_t quarantined = 0;         // failed a check; never delivered
    uint64_t rejected = 0;            // refused at the door: full buffer (drop_newest)
    uint64_t duplicates_dropped = 0;  // backfill/live overlap at a seam, already delivered once
    uint64_t gaps = 0;                // holes detected (missing bars, refused events)
    uint64_t gaps_filled = 0;         // holes a backfill closed completely
    uint64_t backfilled = 0;          // events delivered from backfills
    double message_rate = 0;          // events per second (exponentially smoothed, 1 s windows)
    bool stalled = false;

    // Valid over total: delivered / (delivered + quarantined + rejected).
    double quality_score() const noexcept {
        const uint64_t total = delivered + quarantined + rejected;
        return total == 0 ? 1.0 : static_cast<double>(delivered) / static_cast<double>(total);
    }
    Duration since_last_update(Timestamp now) const noexcept { return now - last_update; }

    // Called for each arriving event; updates rate and freshness.
    void on_message(Timestamp now, Timestamp event_time) noexcept;

private:
    Timestamp window_start_{};
    uint64_t window_count_ = 0;
};

}  // namespace robo::web
