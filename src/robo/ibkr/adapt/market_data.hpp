// ibkr/adapt/market_data.hpp — Interactive Brokers (or the TWS simulator) as the engine's
// market-data Feed.
//
// For each symbol it subscribes, on the link's io thread, to level-1 market data (quotes
// through QuoteBook, trade prints from LAST ticks) and to 5-second real-time bars,
// optionally aggregated to the strategy's timeframe by features::BarBuilder (a bar is
// emitted as soon as its last 5-second bar is in, or when a later one shows it is over). On start it asks for
// `backfill_bars` historical bars of that timeframe per symbol; they reach the engine
// first, marked as backfill (strategies warm up, nothing is traded), and live events that
// arrive meanwhile are held back until every backfill request has its outcome: bars, an
// error, or the client giving it up (no usable answer within IBKR_TIMEOUT on each of its
// tries). A request given up or refused is logged as an error, handed to the engine as a
// "backfill_failed" notice (audited, alerted) and shown in status(); the live stream then
// goes on without that symbol's history. A live bar the history already holds is not
// delivered twice. An aggregated bar that
// began before the subscription is not delivered (its open is unknown); both are counted.
// Events cross to the engine through a mutex-guarded queue in the order they arrived,
// with times that never go backwards (a late one is stamped with the latest time and
// counted). The queue is bounded: when full, the oldest event is dropped and counted.
// Time stamps: bars carry their own time; quotes and trades carry the wall clock, or,
// with data_time_stamps (a replay served by the simulator), the latest data time the
// feed has seen (tick 45 "last timestamp" or a bar's end), so the engine clock follows
// the data's time (quotes before the first data time are skipped and counted).
// A replay served on the data's own calendar (recorded_bars): each listed symbol's bars
// come at their recorded timeframe through a keepUpToDate historical request (its history
// is the backfill); an update is delivered once the bar is over (its end reached by the
// data time, or a later bar begun), stamped with the time it became known, and no
// 5-second real-time bars are asked for.
// The feed ends when finish() is called and its queue is drained.
// Must never: block the io thread, reorder events, or drop one without counting it.
#pragma once
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "robo/core/clock.hpp"
#include "robo/data/feed.hpp"
#include "robo/data/feed_notice.hpp"
#include "robo/features/bar_builder.hpp"
#include "robo/ibkr/adapt/link.hpp"
#include "robo/ibkr/adapt/translate.hpp"

namespace robo::ibkr {

struct MarketDataConfig {
    std::vector<Symbol> symbols;
    bool quotes = true;                   // level-1 quotes and trades
    bool bars = true;                     // 5-second real-time bars
    Timeframe timeframe = Timeframe::s5;  // bars are aggregated to this (a multiple of 5 s)
    int backfill_bars = 0;                // historical bars of `timeframe` per symbol; 0: none
    bool data_time_stamps = false;        // quotes/trades stamped with data time, not wall time
    // Bars at each symbol's own timeframe through keepUpToDate (see above); when not empty,
    // replaces the 5-second bars and `timeframe`, and unlisted symbols get no bars.
    std::map<Symbol, Timeframe> recorded_bars;
    size_t max_queue = 1'000'000;
};

struct MarketDataStats {
    size_t quotes = 0, trades = 0, bars = 0, backfill_bars = 0, backfill_failures = 0;
    // Backfill requests asked again (timed out, or an undecodable answer).
    size_t backfill_retries = 0;
    // Frames of any kind the client could not decode and skipped.
    size_t undecodable = 0;
    // Dropped when the queue was full (oldest first); stamped later to keep time monotonic.
    size_t dropped = 0, late = 0;
    // Quotes/trades skipped: data-time stamps asked for, but no data time seen yet.
    size_t unstamped = 0;
    // 5-second bars the bar builder refused (out of order, invalid).
    size_t refused_bars = 0;
    // Live bars the backfill already held, not delivered twice.
    size_t overlapping_bars = 0;
    // Aggregated bars begun before the subscription (open unknown), not delivered.
    size_t incomplete_bars = 0;
};

class IbkrMarketData final : public data::Feed {
public:
    // Registers on the link and queues the subscriptions: construct before link.start().
    // Throws std::invalid_argument for a timeframe that is not a multiple of 5 seconds.
    IbkrMarketData(IbkrLink& link, MarketDataConfig cfg);
    ~IbkrMarketData() override;

    bool next(data::MarketEvent& out) override;
    bool peek_time(Timestamp& out) const override;
    long remaining() const override;
    bool ended() const override;
    void set_wake(std::function<void()> wake) override;
    std::vector<data::FeedNotice> take_notices() override;
    data::FeedStatus status() const override;

    // Any thread: no more data will come; the feed ends once drained.
    void finish();
    // Any thread: a replay's market has published its last record by data time `end`. The
    // feed asks for TWS's current time and finishes when a reply at or after `end` comes:
    // everything the market sent before it has then been read (one ordered socket).
    void finish_at(Timestamp end);
    MarketDataStats stats() const;
    // The clock of this feed's data (with data_time_stamps, the broker's: TWS's times), for
    // the engine of a simulated session to run on (EngineConfig::data_clock). Only the
    // engine's thread advances and reads it, to each event's time as it handles it.
    SimulatedClock& data_clock() noexcept { return data_clock_; }
    // Any thread: whether every backfill request has been answered.
    bool backfilled() const;

private:
    // io thread
    void subscribe();
    void on_message(const ServerMessage& m);
    void on_notice(const ClientNotice& n);
    void backfill_failed(int req_id, const std::string& reason);
    void on_live(data::MarketEvent ev);
    void on_rt_bar(const RealTimeBar& b);
    void on_bar_update(const HistoricalDataUpdate& u);
    void deliver_finished_bars();  // held keepUpToDate bars whose end the clock has reached
    void backfill_done(int req_id);
    void push(data::MarketEvent ev);  // into the shared queue
    Timestamp stamp() const;

    IbkrLink& link_;
    MarketDataConfig cfg_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);

    // io thread only
    QuoteBook book_;
    std::map<int, Symbol> bar_reqs_, hist_reqs_;
    struct BarStream {
        Symbol symbol;
        Timeframe timeframe;
        std::optional<Bar> forming;  // the last update, not yet known to be over
    };
    std::map<int, BarStream> bar_streams_;  // keepUpToDate requests (recorded_bars)
    std::map<Symbol, std::unique_ptr<features::BarBuilder>> builders_;
    std::map<Symbol, Timestamp> first_seen_;  // start of the first 5-second bar per symbol
    std::vector<data::MarketEvent> backfill_, held_;
    Timestamp data_time_{};
    std::optional<Timestamp> finish_at_;

    SimulatedClock data_clock_;  // the engine's thread only

    // shared
    mutable std::mutex mu_;
    std::deque<data::MarketEvent> queue_;
    Timestamp last_time_{};
    std::function<void()> wake_;
    bool finished_ = false, backfill_pending_ = false;
    MarketDataStats stats_;
    std::vector<data::FeedNotice> notices_;
    std::vector<std::string> failed_symbols_;  // backfills given up or refused
};

}  // namespace robo::ibkr
