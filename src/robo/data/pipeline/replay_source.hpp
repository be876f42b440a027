// data/pipeline/replay_source.hpp — replays recorded market data (parsed CSV files, a
// recorded session) at any speed, and answers backfill requests from the same recording.
//
// Events are replayed in the order given (the recording's order; the gate judges it).
// speed 0 replays as fast as the buffer takes it; speed x paces by event time / x. Events
// before live_from are not streamed but stay available as history, like a broker's
// historical-data endpoint when one connects mid-session; `withhold` drops chosen events
// from the live stream only (a flaky feed), so a backfill can recover them. Backfill
// requests are queued (any thread) and answered from the thread running run(), so the
// source stays the single producer of its buffer; after run() returns it declines them.
#pragma once
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "robo/data/files/inventory.hpp"
#include "robo/data/pipeline/source.hpp"

namespace robo::data::pipeline {

class ReplaySource final : public Source {
public:
    ReplaySource(std::string name, std::vector<MarketEvent> events, double speed = 0);

    // Every bar, trade and quote of the loaded CSV files as one stream in time order (stable:
    // equal times keep file order). Rows the readers rejected are not in it; they are
    // counted in `data`.
    static std::vector<MarketEvent> events_from(const LoadedData& data);

    void set_live_from(Timestamp t) { live_from_ = t; }
    void withhold(std::function<bool(const MarketEvent&)> predicate) { withhold_ = std::move(predicate); }

    std::string_view name() const override { return name_; }
    void run(EventSink& sink, std::stop_token stop) override;
    bool request_backfill(const BackfillRequest& request, EventSink& sink) override;

    uint64_t backfills_served() const noexcept { return served_; }

private:
    void serve_pending(EventSink& sink);

    std::string name_;
    std::vector<MarketEvent> events_;
    double speed_;
    Timestamp live_from_{};
    std::function<bool(const MarketEvent&)> withhold_;
    std::mutex mutex_;
    std::deque<BackfillRequest> pending_;
    bool finished_ = false;
    uint64_t served_ = 0;
};

}  // namespace robo::data::pipeline
