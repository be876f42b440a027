// web/feed_watch.hpp — feed health for the dashboard and the alerts, watched from the side
// of a running session: per symbol the last data time, how stale it is, message count,
// quality (the data component's streaming quality gate run over what the engine delivers:
// flagged and quarantine-worthy records, gaps) and the rows quarantined when the files
// were read; and stalls of one symbol or of the whole feed.
//
// Time is the engine's clock: data time in a replay, the wall clock live. Silence counts
// only while the regular session is open (a night or a weekend is no stall): a symbol is
// stalled when, with the market open, nothing arrived for longer than
//   max(stall_after, 2 x its bar interval)
// since its last data or the session's open, whichever is later. So a daily-bar replay is
// never "stalled" (a missing day shows as a gap instead). A jump in data time across an
// open market (a replay with a hole in it) is a whole-feed stall that recovered at once.
// Runs on the engine's thread; never blocks; memory is bounded by the number of symbols.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <vector>

#include "robo/data/calendar.hpp"
#include "robo/data/quality/validator.hpp"
#include "robo/engine/feed.hpp"
#include "robo/web/feed_health.hpp"

namespace robo::web {

struct FeedWatchOptions {
    Duration stall_after = std::chrono::seconds(120);
    // Sessions; null: every hour counts (a market that never closes).
    const data::ExchangeCalendar* calendar = &data::ExchangeCalendar::nyse();
    bool check_quality = true;  // run the quality gate over the delivered data
};

struct FeedStall {
    Symbol symbol;  // empty: the whole feed
    bool recovered = false;
    Duration silent_for{};
    Timestamp last_data{};  // the symbol's (or the feed's) last data before the silence
    Timestamp at{};         // engine clock when noticed
    Duration threshold{};   // the silence that counts as a stall for it
};

class FeedWatch {
public:
    explicit FeedWatch(FeedWatchOptions options = {});
    FeedWatch(const FeedWatch&) = delete;  // the quality gate points at findings_
    FeedWatch& operator=(const FeedWatch&) = delete;

    // Rows quarantined by the file readers before the session (per symbol).
    void add_quarantined_at_load(Symbol symbol, uint64_t rows);
    // A replay knows when each symbol's data ends: silence after its last event is the
    // end of its data ("ended"), never a stall.
    void set_data_end(Symbol symbol, Timestamp last_event);
    // Every event the engine delivered, at the engine clock `now`. A whole-feed stall that
    // this event ends is appended to `out`.
    void on_event(const engine::MarketEvent& ev, Timestamp now, std::vector<FeedStall>& out);
    // New stalls and recoveries at `now` since the last check, appended to `out`.
    void check(Timestamp now, std::vector<FeedStall>& out);

    // {"AAPL": {"last_update":..,"staleness_seconds":..,"messages":..,"quality":..,
    //  "flagged":..,"quarantined":..,"quarantined_at_load":..,"gaps":..,"stalled":..}, ...}
    nlohmann::json to_json(Timestamp now) const;
    size_t symbols() const noexcept { return feeds_.size(); }
    size_t stalled() const noexcept;
    // What the quality gate found (the first 1000 findings), for a closer look.
    const std::vector<data::quality::Finding>& findings() const noexcept { return findings_.findings(); }

private:
    struct Feed {
        FeedHealth health;
        Duration interval{};  // smallest bar timeframe seen (zero for ticks and quotes)
        uint64_t at_load = 0;
        std::optional<Timestamp> data_end;
        bool ended() const noexcept {
            return data_end && health.messages > 0 && health.last_update >= *data_end;
        }
    };
    Duration silence(Timestamp last, Timestamp now) const;  // inside the open session
    Duration threshold(Duration interval) const;

    FeedWatchOptions options_;
    data::quality::FindingLog findings_{1000};
    std::unique_ptr<data::quality::Validator> validator_;
    std::unordered_map<Symbol, Feed> feeds_;
    Timestamp last_any_{};
    Duration min_interval_ = Duration::max();
    bool any_ = false;
};

}  // namespace robo::web
