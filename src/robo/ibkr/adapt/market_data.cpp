// ibkr/adapt/market_data.cpp — see market_data.hpp.
#include "robo/ibkr/adapt/market_data.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "robo/log/log.hpp"

namespace robo::ibkr {

IbkrMarketData::IbkrMarketData(IbkrLink& link, MarketDataConfig cfg) : link_(link), cfg_(std::move(cfg)) {
    auto tf = timeframe_seconds(cfg_.timeframe);
    if (tf < 5 || tf % 5 != 0)
        throw std::invalid_argument("ibkr market data: timeframe " + std::string(to_string(cfg_.timeframe)) +
                                    " is not a multiple of the 5-second real-time bars");
    backfill_pending_ = (cfg_.backfill_bars > 0 && !cfg_.symbols.empty()) || !cfg_.recorded_bars.empty();
    std::weak_ptr<int> alive = alive_;
    link_.on_message([this, alive](const ServerMessage& m) {
        if (!alive.expired()) on_message(m);
    });
    link_.on_notice([this, alive](const ClientNotice& n) {
        if (!alive.expired()) on_notice(n);
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

bool IbkrMarketData::next(data::MarketEvent& out) {
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

void IbkrMarketData::finish_at(Timestamp end) {
    link_.post([this, end, alive = std::weak_ptr<int>(alive_)] {
        if (alive.expired()) return;
        finish_at_ = end;
        link_.client().request_current_time();
    });
}

MarketDataStats IbkrMarketData::stats() const {
    std::lock_guard lock(mu_);
    return stats_;
}

bool IbkrMarketData::backfilled() const {
    std::lock_guard lock(mu_);
    return !backfill_pending_;
}

std::vector<data::FeedNotice> IbkrMarketData::take_notices() {
    std::lock_guard lock(mu_);
    return std::exchange(notices_, {});
}

data::FeedStatus IbkrMarketData::status() const {
    std::lock_guard lock(mu_);
    std::string out;
    auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
    if (backfill_pending_) add("waiting for backfill");
    if (!failed_symbols_.empty()) {
        std::string list;
        for (auto& s : failed_symbols_) {
            if (!list.empty()) list += ", ";
            list += s;
        }
        add("backfill failed for " + list + " (trading on live data without it)");
    }
    if (stats_.backfill_retries) add(std::to_string(stats_.backfill_retries) + " backfill retries");
    if (stats_.undecodable) add(std::to_string(stats_.undecodable) + " undecodable messages skipped");
    const bool degraded = !out.empty();
    return {degraded ? out : "ok", degraded, stats_.undecodable, stats_.backfill_retries,
            stats_.backfill_failures};
}

// ============================================================================ io thread

void IbkrMarketData::subscribe() {
    auto& c = link_.client();
    // TWS durations: seconds up to a day, then days.
    auto duration = [](int64_t span) {
        return span <= 86400 ? std::to_string(span) + " S" : std::to_string((span + 86399) / 86400) + " D";
    };
    for (Symbol s : cfg_.symbols) {
        Contract k = stock_contract(s);
        if (cfg_.quotes) book_.watch(c.subscribe_market_data(k), s);
        if (!cfg_.recorded_bars.empty()) {
            auto tf = cfg_.recorded_bars.find(s);
            if (tf == cfg_.recorded_bars.end()) continue;  // quotes and trades only
            ReqHistoricalData r;
            r.contract = k;
            r.bar_size = bar_size_setting(tf->second);
            r.duration = duration(timeframe_seconds(tf->second) * std::max(1, cfg_.backfill_bars));
            r.use_rth = 0;
            r.format_date = 2;
            const int id = c.subscribe_historical(std::move(r));
            hist_reqs_[id] = s;
            bar_streams_[id] = {s, tf->second, std::nullopt};
            continue;
        }
        if (cfg_.bars) bar_reqs_[c.subscribe_realtime_bars(k)] = s;
        if (cfg_.backfill_bars > 0) {
            ReqHistoricalData r;
            r.contract = k;
            r.bar_size = bar_size_setting(cfg_.timeframe);
            r.duration = duration(timeframe_seconds(cfg_.timeframe) * cfg_.backfill_bars);
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
                deliver_finished_bars();
            }
        }
    } else if (auto* ct = std::get_if<CurrentTime>(&m)) {
        if (finish_at_ && from_unix_nanos(ct->epoch_seconds * 1'000'000'000) >= *finish_at_) {
            finish_at_.reset();
            finish();
        } else if (finish_at_) {
            link_.client().request_current_time();  // not there yet: ask again
        }
    } else if (auto* b = std::get_if<RealTimeBar>(&m)) {
        on_rt_bar(*b);
    } else if (auto* u = std::get_if<HistoricalDataUpdate>(&m)) {
        on_bar_update(*u);
    } else if (auto* h = std::get_if<HistoricalDataMsg>(&m)) {
        auto it = hist_reqs_.find(h->req_id);
        if (it == hist_reqs_.end()) return;
        auto stream = bar_streams_.find(h->req_id);
        const Timeframe tf = stream == bar_streams_.end() ? cfg_.timeframe : stream->second.timeframe;
        for (auto& hb : h->bars) {
            try {
                Bar bar = to_bar(hb, it->second, tf);
                backfill_.push_back({data::bar_known_at(bar), bar, true});
            } catch (const std::exception& e) {
                robo::log::warn("ibkr", "backfill_bar_unreadable",
                                {{"symbol", it->second.view()}, {"what", e.what()}});
            }
        }
        backfill_done(h->req_id);
    } else if (auto* e = std::get_if<ErrorMsg>(&m)) {
        if (hist_reqs_.count(e->req_id) && e->code < 2100)
            backfill_failed(e->req_id, "TWS error " + std::to_string(e->code) + ": " + e->message);
    }
}

void IbkrMarketData::on_notice(const ClientNotice& n) {
    switch (n.kind) {
        case ClientNotice::Kind::undecodable: {
            std::lock_guard lock(mu_);
            ++stats_.undecodable;
            return;
        }
        case ClientNotice::Kind::request_retried:
            if (hist_reqs_.count(n.req_id)) {
                std::lock_guard lock(mu_);
                ++stats_.backfill_retries;
            }
            return;
        case ClientNotice::Kind::request_failed:
            if (hist_reqs_.count(n.req_id)) backfill_failed(n.req_id, n.text);
            return;
    }
}

void IbkrMarketData::backfill_failed(int req_id, const std::string& reason) {
    const Symbol symbol = hist_reqs_.at(req_id);
    robo::log::error("ibkr", "backfill_failed",
                     {{"symbol", symbol.view()},
                      {"reason", reason},
                      {"next", "live data goes on without this symbol's history"}});
    std::function<void()> wake;
    {
        std::lock_guard lock(mu_);
        ++stats_.backfill_failures;
        failed_symbols_.emplace_back(symbol.view());
        notices_.push_back({"backfill_failed",
                            {{"symbol", symbol.view()},
                             {"request_id", req_id},
                             {"bars_wanted", cfg_.backfill_bars},
                             {"reason", reason}}});
        wake = wake_;
    }
    backfill_done(req_id);
    if (wake) wake();  // the engine takes the notice even when no event follows
}

void IbkrMarketData::on_rt_bar(const RealTimeBar& b) {
    auto it = bar_reqs_.find(b.req_id);
    if (it == bar_reqs_.end()) return;
    Bar bar = to_bar(b, it->second);
    const Timestamp end = data::bar_known_at(bar);
    data_time_ = std::max(data_time_, end);
    if (cfg_.timeframe == Timeframe::s5) return on_live({end, bar});
    // Aggregation is the feature component's BarBuilder (New York-aligned intervals); a
    // bar is closed as soon as its last 5 seconds are in.
    auto& builder = builders_[bar.symbol];
    if (!builder) {
        features::BarBuilderConfig bc;
        bc.timeframes = {cfg_.timeframe};
        first_seen_[bar.symbol] = bar.start;
        builder = std::make_unique<features::BarBuilder>(bar.symbol, bc, [this](const Bar& closed) {
            if (closed.start < first_seen_[closed.symbol]) {
                // Began before our first 5-second bar: its open, high and low are unknown.
                std::lock_guard lock(mu_);
                ++stats_.incomplete_bars;
                return;
            }
            on_live({data::bar_known_at(closed), closed});
        });
    }
    try {
        builder->add_bar(bar);
        builder->advance_to(end);
    } catch (const std::invalid_argument& e) {
        // Out of order or invalid: the builder refused it and changed nothing.
        std::lock_guard lock(mu_);
        ++stats_.refused_bars;
        robo::log::warn("ibkr", "realtime_bar_refused", {{"symbol", bar.symbol.view()}, {"what", e.what()}});
    }
}

void IbkrMarketData::on_bar_update(const HistoricalDataUpdate& u) {
    auto it = bar_streams_.find(u.req_id);
    if (it == bar_streams_.end()) return;
    auto& stream = it->second;
    Bar bar;
    try {
        bar = to_bar(u.bar, stream.symbol, stream.timeframe);
    } catch (const std::exception& e) {
        std::lock_guard lock(mu_);
        ++stats_.refused_bars;
        robo::log::warn("ibkr", "bar_update_unreadable",
                        {{"symbol", stream.symbol.view()}, {"what", e.what()}});
        return;
    }
    // TWS revises the forming bar; a later bar's first update shows the held one is over.
    if (stream.forming && stream.forming->start < bar.start)
        on_live({std::max(data::bar_known_at(*stream.forming), stamp()), *stream.forming});
    stream.forming = bar;
    deliver_finished_bars();
}

void IbkrMarketData::deliver_finished_bars() {
    const Timestamp now = stamp();
    for (auto& [id, stream] : bar_streams_) {
        if (!stream.forming || data::bar_known_at(*stream.forming) > now) continue;
        // Stamped when it became known: a daily bar the market published at the next open
        // is acted on at that open, not at the midnight it ended.
        on_live({std::max(data::bar_known_at(*stream.forming), now), *stream.forming});
        stream.forming.reset();
    }
}

void IbkrMarketData::backfill_done(int req_id) {
    hist_reqs_.erase(req_id);
    if (!hist_reqs_.empty()) return;
    // Every answer is in: history first (in time order), then what arrived meanwhile. A
    // live bar the history already holds (same symbol, ended no later) is not delivered
    // twice; a live quote older than the history's end is stamped with the later time.
    std::stable_sort(backfill_.begin(), backfill_.end(),
                     [](const auto& a, const auto& b) { return a.time < b.time; });
    std::map<Symbol, Timestamp> history_end;
    for (auto& ev : backfill_) {
        history_end[ev.symbol()] = ev.time;
        push(std::move(ev));
    }
    size_t overlap = 0;
    for (auto& ev : held_) {
        auto it = history_end.find(ev.symbol());
        if (std::holds_alternative<Bar>(ev.data) && it != history_end.end() && ev.time <= it->second) {
            ++overlap;
            continue;
        }
        push(std::move(ev));
    }
    {
        std::lock_guard lock(mu_);
        stats_.backfill_bars += backfill_.size();
        stats_.overlapping_bars += overlap;
        backfill_pending_ = false;
    }
    robo::log::info(
        "ibkr", "backfilled",
        {{"bars", backfill_.size()}, {"held_live_events", held_.size()}, {"overlapping_live_bars", overlap}});
    backfill_.clear();
    held_.clear();
}

void IbkrMarketData::on_live(data::MarketEvent ev) {
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

void IbkrMarketData::push(data::MarketEvent ev) {
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
