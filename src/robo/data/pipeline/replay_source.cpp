#include "robo/data/pipeline/replay_source.hpp"

#include <algorithm>
#include <thread>

namespace robo::data::pipeline {

ReplaySource::ReplaySource(std::string name, std::vector<MarketEvent> events, double speed)
    : name_(std::move(name)), events_(std::move(events)), speed_(speed) {}

std::vector<MarketEvent> ReplaySource::events_from(const LoadedData& data) {
    std::vector<MarketEvent> out;
    for (const auto& f : data.bar_files)
        for (const auto& b : f.bars) out.push_back(MarketEvent{b});
    for (const auto& f : data.tick_files)
        for (const auto& t : f.ticks) out.push_back(MarketEvent{t});
    for (const auto& f : data.quote_files)
        for (const auto& q : f.quotes) out.push_back(MarketEvent{q});
    std::stable_sort(out.begin(), out.end(),
                     [](const MarketEvent& a, const MarketEvent& b) { return time_of(a) < time_of(b); });
    return out;
}

bool ReplaySource::request_backfill(const BackfillRequest& request, EventSink&) {
    std::lock_guard lock(mutex_);
    if (finished_) return false;
    pending_.push_back(request);
    return true;
}

void ReplaySource::serve_pending(EventSink& sink) {
    for (;;) {
        BackfillRequest r;
        {
            std::lock_guard lock(mutex_);
            if (pending_.empty()) return;
            r = pending_.front();
            pending_.pop_front();
        }
        for (const auto& e : events_) {
            if (!is_market_data(e) || kind_of(e) != r.kind || symbol_of(e) != r.symbol) continue;
            if (r.kind == DataKind::bar && std::get<Bar>(e.data).timeframe != r.timeframe) continue;
            const Timestamp t = time_of(e);
            if (t < r.from || t >= r.to) continue;
            MarketEvent answer = e;
            answer.origin = Origin::backfill;
            answer.request_id = r.id;
            sink.push(std::move(answer));
        }
        MarketEvent done{BackfillDone{r.id}, Origin::backfill, r.id};
        sink.push(std::move(done));
        ++served_;
    }
}

void ReplaySource::run(EventSink& sink, std::stop_token stop) {
    const auto wall_start = std::chrono::steady_clock::now();
    bool first = true;
    Timestamp t0{};
    for (const auto& e : events_) {
        if (stop.stop_requested()) break;
        serve_pending(sink);
        if (!is_market_data(e)) continue;
        const Timestamp t = time_of(e);
        if (t < live_from_) continue;
        if (withhold_ && withhold_(e)) continue;
        if (speed_ > 0) {
            if (first) t0 = t;
            const auto due = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                std::chrono::duration<double>(std::chrono::duration<double>(t - t0).count() / speed_));
            std::this_thread::sleep_until(wall_start + due);
        }
        first = false;
        sink.push(e);
    }
    // Answer what the last events provoked, then refuse further requests.
    for (;;) {
        serve_pending(sink);
        std::lock_guard lock(mutex_);
        if (pending_.empty()) {
            finished_ = true;
            return;
        }
    }
}

}  // namespace robo::data::pipeline
