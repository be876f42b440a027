#include "robo/web/feed_watch.hpp"

#include <algorithm>

namespace robo::web {

namespace {
double secs(Duration d) { return std::chrono::duration<double>(d).count(); }

Duration nominal(Timeframe tf) {
    switch (tf) {
        case Timeframe::s1:
            return std::chrono::seconds(1);
        case Timeframe::s5:
            return std::chrono::seconds(5);
        case Timeframe::m1:
            return std::chrono::minutes(1);
        case Timeframe::m5:
            return std::chrono::minutes(5);
        case Timeframe::m15:
            return std::chrono::minutes(15);
        case Timeframe::m30:
            return std::chrono::minutes(30);
        case Timeframe::h1:
            return std::chrono::hours(1);
        case Timeframe::day:
        case Timeframe::session:
            return std::chrono::hours(24);
    }
    return Duration::zero();
}
}  // namespace

FeedWatch::FeedWatch(FeedWatchOptions options) : options_(options) {
    if (options_.check_quality) {
        data::quality::QualityRules rules;
        rules.calendar = options_.calendar;
        validator_ = std::make_unique<data::quality::Validator>(rules, &findings_);
    }
}

void FeedWatch::add_quarantined_at_load(Symbol symbol, uint64_t rows) {
    Feed& f = feeds_[symbol];
    f.health.symbol = symbol;
    f.at_load += rows;
}

void FeedWatch::set_data_end(Symbol symbol, Timestamp last_event) {
    Feed& f = feeds_[symbol];
    f.health.symbol = symbol;
    f.data_end = last_event;
}

Duration FeedWatch::threshold(Duration interval) const {
    return std::max(options_.stall_after, 2 * interval);
}

Duration FeedWatch::silence(Timestamp last, Timestamp now) const {
    if (now <= last) return Duration::zero();
    if (!options_.calendar) return now - last;
    auto session = options_.calendar->regular_session(options_.calendar->local_date(now));
    if (!session || !session->contains(now)) return Duration::zero();
    return now - std::max(last, session->open);
}

void FeedWatch::on_event(const engine::MarketEvent& ev, Timestamp now, std::vector<FeedStall>& out) {
    const Symbol symbol = ev.symbol();
    Feed& f = feeds_[symbol];
    f.health.symbol = symbol;
    Duration interval{};
    Timestamp event_time = ev.time;
    data::quality::Action action = data::quality::Action::passed;
    if (const Bar* bar = std::get_if<Bar>(&ev.data)) {
        interval = nominal(bar->timeframe);
        event_time = bar->start;
        if (validator_) action = validator_->check(*bar, now);
        if (f.health.messages == 0 || interval < f.interval) f.interval = interval;
    } else if (const Quote* q = std::get_if<Quote>(&ev.data)) {
        if (validator_) action = validator_->check(*q, now);
    } else if (const Tick* t = std::get_if<Tick>(&ev.data)) {
        if (validator_) action = validator_->check(*t, now);
    }
    if (f.health.messages == 0) min_interval_ = std::min(min_interval_, f.interval);
    // The whole feed was silent across an open market until this event: a stall that this
    // event ends (in a replay the only moment it can be seen).
    if (any_) {
        const Duration quiet = silence(last_any_, now);
        if (quiet > threshold(min_interval_)) {
            out.push_back({Symbol(), false, quiet, last_any_, now, threshold(min_interval_)});
            out.push_back({Symbol(), true, quiet, last_any_, now, threshold(min_interval_)});
        }
    }
    if (f.health.stalled) {
        f.health.stalled = false;
        out.push_back({symbol, true, silence(f.health.last_update, now), f.health.last_update, now,
                       threshold(f.interval)});
    }
    f.health.on_message(now, event_time);
    if (action == data::quality::Action::quarantined)
        ++f.health.quarantined;
    else
        ++f.health.delivered;
    if (action == data::quality::Action::flagged) ++f.health.flagged;
    last_any_ = now;
    any_ = true;
}

void FeedWatch::check(Timestamp now, std::vector<FeedStall>& out) {
    for (auto& [symbol, f] : feeds_) {
        if (f.health.messages == 0 || f.health.stalled || f.ended()) continue;
        const Duration quiet = silence(f.health.last_update, now);
        if (quiet > threshold(f.interval)) {
            f.health.stalled = true;
            out.push_back({symbol, false, quiet, f.health.last_update, now, threshold(f.interval)});
        }
    }
}

size_t FeedWatch::stalled() const noexcept {
    return static_cast<size_t>(
        std::count_if(feeds_.begin(), feeds_.end(), [](const auto& kv) { return kv.second.health.stalled; }));
}

nlohmann::json FeedWatch::to_json(Timestamp now) const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [symbol, f] : feeds_) {
        const auto& h = f.health;
        nlohmann::json j{{"messages", h.messages},
                         {"flagged", h.flagged},
                         {"quarantined", h.quarantined + f.at_load},
                         {"quarantined_at_load", f.at_load},
                         {"stalled", h.stalled},
                         {"ended", f.ended()},
                         {"quality", h.quality_score()}};
        if (validator_) {
            auto counts = validator_->counts(symbol);
            j["gaps"] = counts.gaps;
        }
        if (h.messages > 0) {
            j["last_update"] = format_iso_micros(h.last_update);
            j["last_data"] = format_iso_micros(h.last_event_time);
            j["staleness_seconds"] = secs(now - h.last_update);
        }
        // Quality counts the rows lost at load too: what reached the engine over what was there.
        const uint64_t total = h.delivered + h.quarantined + f.at_load;
        j["quality"] = total == 0 ? 1.0 : static_cast<double>(h.delivered) / static_cast<double>(total);
        out[symbol.str()] = std::move(j);
    }
    return out;
}

}  // namespace robo::web
