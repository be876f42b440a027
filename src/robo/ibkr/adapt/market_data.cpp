// ibkr/adapt/market_data.cpp — see market_data.hpp.
#include "robo/ibkr/adapt/market_data.hpp"

#include <algorithm>
#include <stdexcept>

#include "robo/log/log.hpp"

namespace robo::ibkr {

IbkrMarketData::IbkrMarketData(IbkrLink& link, MarketDataConfig cfg) : link_(link), cfg_(std::move(cfg)) {
    auto tf = timeframe_seconds(cfg_.timeframe);
    if (tf < 5 || tf % 5 != 0)
        throw std::invalid_argument("ibkr market data: timeframe " + std::string(to_string(cfg_.timeframe)) +
                                    " is not a multiple of the 5-second real-time bars");
    backfill_pending_ = cfg_.backfill_bars > 0 && !cfg_.symbols.empty();
    std::weak_ptr<int> alive = alive_;
    link_.on_message([this, alive](const ServerMessage& m) {
        if (!alive.expired()) on_message(m);
    });
    link_.post([this, alive] {
        if (!alive.expired()) subscribe();
    });
}

IbkrMarketData::~IbkrMarketData() {
    // As IbkrBroker: stop the io thread's handlers from reaching this object, on that thread.
    if (link_.running()) link_.call([this] { alive_.reset(); });
    alive_.reset();
}

// ============================================================================ engine side

bool IbkrMarketData::next(engine::MarketEvent& out) {
    std::lock_guard lock(mu_);
    if (queue_.empty()) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    return true;
}

bool IbkrMarketData::peek_time(Timestamp& out) const {
    std::lock_guard lock(mu_);
    if (queue_.empty()) return false;
    out = queue_.front().time;
    return true;
}

long IbkrMarketData::remaining() const {
    std::lock_guard lock(mu_);
    return static_cast<long>(queue_.size());
}

bool IbkrMarketData::ended() const {
    std::lock_guard lock(mu_);
    return finished_ && queue_.empty();
}

void IbkrMarketData::set_wake(std::function<void()> wake) {
    std::lock_guard lock(mu_);
    wake_ = std::move(wake);
}

void IbkrMarketData::finish() {
    std::function<void()> wake;
    {
        std::lock_guard lock(mu_);
        finished_ = true;
        wake = wake_;
    }
    if (wake) wake();
}

MarketDataStats IbkrMarketData::stats() const {
    std::lock_guard lock(mu_);
    return stats_;
}

bool IbkrMarketData::backfilled() const {
    std::lock_guard lock(mu_);
    return !backfill_pending_;
}

// ============================================================================ io thread

void IbkrMarketData::subscribe() {
    auto& c = link_.client();
    for (Symbol s : cfg_.symbols) {
        Contract k = stock_contract(s);
        if (cfg_.quotes) book_.watch(c.subscribe_market_data(k), s);
        if (cfg_.bars) bar_reqs_[c.subscribe_realtime_bars(k)] = s;
        if (cfg_.backfill_bars > 0) {
            ReqHistoricalData r;
            r.contract = k;
            r.bar_size = bar_size_setting(cfg_.timeframe);
            int64_t span = timeframe_seconds(cfg_.timeframe) * cfg_.backfill_bars;
            // TWS durations: seconds up to a day, then days.
            r.duration =
                span <= 86400 ? std::to_string(span) + " S" : std::to_string((span + 86399) / 86400) + " D";
            r.use_rth = 0;
            r.format_date = 2;  // epoch seconds: no time zone to guess
            hist_reqs_[c.request_historical(std::move(r))] = s;
        }
    }
}

Timestamp IbkrMarketData::stamp() const { return cfg_.data_time_stamps ? data_time_ : wall_now(); }

void IbkrMarketData::on_message(const ServerMessage& m) {
    if (auto* p = std::get_if<TickPrice>(&m)) {
        if (auto q = book_.on_tick(*p, stamp())) on_live({q->time, *q});
        if (auto t = book_.trade(*p, stamp())) on_live({t->time, *t});
    } else if (auto* z = std::get_if<TickSize>(&m)) {
        if (auto q = book_.on_tick(*z, stamp())) on_live({q->time, *q});
    } else if (auto* s = std::get_if<TickString>(&m)) {
        // Tick 45: the last trade's time in epoch seconds.
        if (s->tick_type == 45 && cfg_.data_time_stamps) {
            Timestamp t;
            if (int64_t secs = std::atoll(s->value.c_str()); secs > 0) {
                t = from_unix_nanos(secs * 1'000'000'000);
                data_time_ = std::max(data_time_, t);
            }
        }
    } else if (auto* b = std::get_if<RealTimeBar>(&m)) {
        on_rt_bar(*b);
    } else if (auto* h = std::get_if<HistoricalDataMsg>(&m)) {
        auto it = hist_reqs_.find(h->req_id);
        if (it == hist_reqs_.end()) return;
        for (auto& hb : h->bars) {
            try {
                Bar bar = to_bar(hb, it->second, cfg_.timeframe);
                backfill_.push_back({engine::bar_known_at(bar), bar, true});
            } catch (const std::exception& e) {
                robo::log::warn("ibkr", "backfill_bar_unreadable",
                                {{"symbol", it->second.view()}, {"what", e.what()}});
            }
        }
        backfill_done(h->req_id);
    } else if (auto* e = std::get_if<ErrorMsg>(&m)) {
        if (hist_reqs_.count(e->req_id) && e->code < 2100) {
            robo::log::warn(
                "ibkr", "backfill_failed",
                {{"symbol", hist_reqs_[e->req_id].view()}, {"code", e->code}, {"text", e->message}});
            {
                std::lock_guard lock(mu_);
                ++stats_.backfill_failures;
            }
            backfill_done(e->req_id);
        }
    }
}

void IbkrMarketData::on_rt_bar(const RealTimeBar& b) {
    auto it = bar_reqs_.find(b.req_id);
    if (it == bar_reqs_.end()) return;
    Bar bar = to_bar(b, it->second);
    data_time_ = std::max(data_time_, engine::bar_known_at(bar));
    const int64_t tf = timeframe_seconds(cfg_.timeframe);
    if (tf == 5) return on_live({engine::bar_known_at(bar), bar});
    auto& a = agg_[bar.symbol];
    auto secs = unix_nanos(bar.start) / 1'000'000'000;
    Timestamp bucket = from_unix_nanos((secs - secs % tf) * 1'000'000'000);
    if (a.open && a.bar.start != bucket) {  // a gap: the open bar is over
        a.open = false;
        on_live({engine::bar_known_at(a.bar), a.bar});
    }
    if (!a.open) {
        a.bar = bar;
        a.bar.timeframe = cfg_.timeframe;
        a.bar.start = bucket;
        a.open = true;
    } else {
        a.bar.high = std::max(a.bar.high, bar.high);
        a.bar.low = std::min(a.bar.low, bar.low);
        a.bar.close = bar.close;
        a.bar.volume += bar.volume;
    }
    if (engine::bar_known_at(bar) == engine::bar_known_at(a.bar)) {  // its last 5 seconds
        a.open = false;
        on_live({engine::bar_known_at(a.bar), a.bar});
    }
}

void IbkrMarketData::backfill_done(int req_id) {
    hist_reqs_.erase(req_id);
    if (!hist_reqs_.empty()) return;
    // Every answer is in: history first (in time order), then what arrived meanwhile.
    std::stable_sort(backfill_.begin(), backfill_.end(),
                     [](const auto& a, const auto& b) { return a.time < b.time; });
    size_t n = 0;
    for (auto& ev : backfill_) {
        if (!held_.empty() && ev.time > held_.front().time) continue;  // overlaps live data
        push(std::move(ev));
        ++n;
    }
    {
        std::lock_guard lock(mu_);
        stats_.backfill_bars += n;
        backfill_pending_ = false;
    }
    robo::log::info("ibkr", "backfilled", {{"bars", n}, {"held_live_events", held_.size()}});
    backfill_.clear();
    for (auto& ev : held_) push(std::move(ev));
    held_.clear();
}

void IbkrMarketData::on_live(engine::MarketEvent ev) {
    {
        std::lock_guard lock(mu_);
        if (ev.time == Timestamp{}) {
            // Data-time stamps, but no data time seen yet (the first quotes of a replay
            // come before its first tick 45): there is no honest time to give them.
            ++stats_.unstamped;
            return;
        }
        if (std::holds_alternative<Bar>(ev.data))
            ++stats_.bars;
        else if (std::holds_alternative<Quote>(ev.data))
            ++stats_.quotes;
        else
            ++stats_.trades;
        if (backfill_pending_) {
            held_.push_back(std::move(ev));
            return;
        }
    }
    push(std::move(ev));
}

void IbkrMarketData::push(engine::MarketEvent ev) {
    std::function<void()> wake;
    {
        std::lock_guard lock(mu_);
        if (ev.time < last_time_) {
            // Sources disagree by a little (a quote stamped before the bar that closed
            // after it): time must not run backwards for the engine.
            ev.time = last_time_;
            ++stats_.late;
        }
        last_time_ = ev.time;
        if (queue_.size() >= cfg_.max_queue) {
            queue_.pop_front();
            ++stats_.dropped;
        }
        queue_.push_back(std::move(ev));
        wake = wake_;
    }
    if (wake) wake();
}

}  // namespace robo::ibkr
