// ibkr/sim/market.hpp — the simulator's market: a deterministic price for any symbol at any
// second, so live ticks, real-time bars and historical bars always agree with each other.
//
// Synthetic symbols: the price is a pure function of (symbol, second): a base level from
// the symbol's hash, a slow session-long swing, a faster wave and per-second noise, rounded
// to the cent; the spread is one cent each side of the mid.
// Replayed symbols (recorded CSV bars, ticks or quotes), in one of two layouts:
//   compressed (untimed records): one record per simulated second; the first half lies
//     before the simulator's start time (so historical requests see them) and the second
//     half streams live; after the last record the price holds.
//   on the data's own calendar (timed records, `at` set; see timed()): each record is
//     published at its own second (a bar when it is over, a daily bar at the next regular
//     NYSE open, when a trader could first act on it), the simulator's clock jumps from
//     one published second to the next (timeline()), and a price holds from its record
//     until the symbol's next one.
// Recorded prices are used as they are (no rounding).
// No state beyond the loaded records, no randomness across runs.
// Must never: depend on wall time or on the order in which it is asked.
#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "robo/ibkr/messages.hpp"

namespace robo::ibkr::sim {

struct SimQuote {
    double bid = 0, ask = 0, last = 0;
    int bid_size = 0, ask_size = 0, last_size = 0;
};

// One recorded instant: a trade (last, size) and the quote around it; for a bar record
// also its open, high, low and volume, its start and length.
struct ReplayPoint {
    double last = 0, bid = 0, ask = 0;
    int size = 100;
    int64_t at = 0;       // epoch second it is published (0: untimed, compressed layout)
    int64_t start = 0;    // a bar's start (epoch seconds); a tick's or quote's own second
    int64_t seconds = 0;  // a bar's length; 0 for a tick or a quote
    double open = 0, high = 0, low = 0, volume = 0;
    bool is_bar() const noexcept { return seconds > 0; }
};

class SyntheticMarket {
public:
    explicit SyntheticMarket(std::vector<std::string> symbols, int64_t start_time = 0);

    // Replaces the synthetic prices of `symbol` by these records (adds the symbol).
    void add_replay(const std::string& symbol, std::vector<ReplayPoint> points);
    bool replayed(std::string_view symbol) const;

    bool knows(std::string_view symbol) const;
    // Records on their own calendar (every replayed record carries `at`).
    bool timed() const noexcept { return timed_; }
    // Timed: every second at which some record is published, ascending.
    const std::vector<int64_t>& timeline() const noexcept { return timeline_; }
    // Timed: the records of `symbol` published at exactly `second` (empty when none).
    std::span<const ReplayPoint> published(std::string_view symbol, int64_t second) const;
    // The records of a replayed symbol (empty for a synthetic one), in publishing order.
    std::span<const ReplayPoint> records(std::string_view symbol) const;
    const std::vector<std::string>& symbols() const noexcept { return symbols_; }

    double mid(std::string_view symbol, int64_t second) const;
    SimQuote quote(std::string_view symbol, int64_t second) const;
    // OHLC over [start, start + seconds), sampled each second (at most 600 samples).
    HistoricalBar bar(std::string_view symbol, int64_t start, int64_t seconds) const;
    int64_t con_id(std::string_view symbol) const;

private:
    const ReplayPoint* replay_at(std::string_view symbol, int64_t second) const;
    std::vector<std::string> symbols_;
    int64_t start_time_;
    std::map<std::string, std::vector<ReplayPoint>, std::less<>> replay_;
    bool timed_ = false;
    std::vector<int64_t> timeline_;
};

// Bar size text ("5 mins", "1 day") to seconds; 0 when not a TWS bar size.
int64_t bar_size_seconds(std::string_view text);
// Duration text ("2 D", "3600 S", "1 W") to seconds; 0 when malformed.
int64_t duration_seconds(std::string_view text);
// Epoch seconds to TWS text: "yyyyMMdd HH:mm:ss" (UTC) or "yyyyMMdd" for daily bars.
std::string tws_time(int64_t epoch_seconds, bool date_only = false);

}  // namespace robo::ibkr::sim
