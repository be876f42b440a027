// ibkr/sim/market.hpp — the simulator's market: a deterministic price for any symbol at any
// second, so live ticks, real-time bars and historical bars always agree with each other.
//
// Synthetic symbols: the price is a pure function of (symbol, second): a base level from
// the symbol's hash, a slow session-long swing, a faster wave and per-second noise, rounded
// to the cent; the spread is one cent each side of the mid.
// Replayed symbols (recorded CSV bars, ticks or quotes): one record per simulated second.
// The first half of the records lies before the simulator's start time (so historical
// requests see them) and the second half streams live; after the last record the price
// holds. Recorded prices are used as they are (no rounding).
// No state beyond the loaded records, no randomness across runs.
// Must never: depend on wall time or on the order in which it is asked.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "robo/ibkr/messages.hpp"

namespace robo::ibkr::sim {

struct SimQuote {
    double bid = 0, ask = 0, last = 0;
    int bid_size = 0, ask_size = 0, last_size = 0;
};

// One recorded instant: a trade (last, size) and the quote around it.
struct ReplayPoint {
    double last = 0, bid = 0, ask = 0;
    int size = 100;
};

class SyntheticMarket {
public:
    explicit SyntheticMarket(std::vector<std::string> symbols, int64_t start_time = 0);

    // Replaces the synthetic prices of `symbol` by these records (adds the symbol).
    void add_replay(const std::string& symbol, std::vector<ReplayPoint> points);
    bool replayed(std::string_view symbol) const;

    bool knows(std::string_view symbol) const;
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
};

// Bar size text ("5 mins", "1 day") to seconds; 0 when not a TWS bar size.
int64_t bar_size_seconds(std::string_view text);
// Duration text ("2 D", "3600 S", "1 W") to seconds; 0 when malformed.
int64_t duration_seconds(std::string_view text);
// Epoch seconds to TWS text: "yyyyMMdd HH:mm:ss" (UTC) or "yyyyMMdd" for daily bars.
std::string tws_time(int64_t epoch_seconds, bool date_only = false);

}  // namespace robo::ibkr::sim
