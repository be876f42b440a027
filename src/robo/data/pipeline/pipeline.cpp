#include "robo/data/pipeline/pipeline.hpp"

#include <atomic>

#include "robo/log/log.hpp"

namespace robo::data::pipeline {

using quality::Action;
using quality::Check;

namespace {

// Pushes into a source's bounded buffer; remembers per symbol what the buffer refused so the
// pipeline thread can count it and mark the hole (the slow path takes a lock).
class BufferSink final : public EventSink {
public:
    explicit BufferSink(BoundedBuffer& buffer) : buffer_(buffer) {}
    bool push(MarketEvent event) override {
        const Symbol symbol = symbol_of(event);
        if (buffer_.push(std::move(event))) return true;
        std::lock_guard lock(mutex_);
        ++refused_[symbol];
        return false;
    }
    std::unordered_map<Symbol, uint64_t> take_refused() {
        std::lock_guard lock(mutex_);
        return std::exchange(refused_, {});
    }

private:
    BoundedBuffer& buffer_;
    std::mutex mutex_;
    std::unordered_map<Symbol, uint64_t> refused_;
};

bool same_record(const MarketEvent& a, const MarketEvent& b) {
    if (a.data.index() != b.data.index()) return false;
    switch (a.data.index()) {
        case 0: {
            const auto &x = std::get<Tick>(a.data), &y = std::get<Tick>(b.data);
            return x.time == y.time && x.price == y.price && x.size == y.size;
        }
        case 1: {
            const auto &x = std::get<Quote>(a.data), &y = std::get<Quote>(b.data);
            return x.time == y.time && x.bid == y.bid && x.ask == y.ask && x.bid_size == y.bid_size &&
                   x.ask_size == y.ask_size;
        }
        case 2:
            return std::get<Bar>(a.data).start == std::get<Bar>(b.data).start;  // one bar per interval
        default:
            return false;
    }
}

}  // namespace

struct Pipeline::SourceSlot {
    std::shared_ptr<Source> source;
    std::unique_ptr<BoundedBuffer> buffer;
    std::unique_ptr<BufferSink> sink;
    std::jthread thread;
    std::atomic<bool> done{false};
};

// Inline mode: every push is processed at once on the caller's thread.
class DirectSink final : public EventSink {
public:
    DirectSink(std::function<void(MarketEvent)> process) : process_(std::move(process)) {}
    bool push(MarketEvent event) override {
        process_(std::move(event));
        return true;
    }

private:
    std::function<void(MarketEvent)> process_;
};

Pipeline::Pipeline(PipelineConfig config, Clock clock)
    : config_(std::move(config)), clock_(std::move(clock)), gate_(config_.rules, &findings_) {}

Pipeline::~Pipeline() { stop(); }

const BoundedBuffer& Pipeline::buffer(SourceId id) const { return *sources_.at(id)->buffer; }

Pipeline::SourceId Pipeline::add_source(std::shared_ptr<Source> source) {
    auto slot = std::make_unique<SourceSlot>();
    slot->source = std::move(source);
    slot->buffer = std::make_unique<BoundedBuffer>(config_.buffer_capacity, config_.overflow);
    slot->sink = std::make_unique<BufferSink>(*slot->buffer);
    sources_.push_back(std::move(slot));
    return sources_.size() - 1;
}

Pipeline::SubscriptionId Pipeline::subscribe(std::optional<Symbol> symbol, DataKinds kinds, Handler handler) {
    const SubscriptionId id = subscriptions_.size();
    subscriptions_.push_back({symbol, kinds, std::move(handler), true});
    if (symbol)
        by_symbol_[*symbol].push_back(id);
    else
        wildcard_.push_back(id);
    return id;
}

void Pipeline::unsubscribe(SubscriptionId id) {
    if (id < subscriptions_.size()) subscriptions_[id].active = false;
}

void Pipeline::backfill_before_live(SourceId source, Symbol symbol, DataKind kind, Timeframe timeframe,
                                    Timestamp from) {
    Seam seam;
    seam.source = source;
    seam.timeframe = timeframe;
    seam.from = from;
    seams_[StreamKey{symbol, kind, kind == DataKind::bar ? timeframe : Timeframe::s1}] = std::move(seam);
}

void Pipeline::start() {
    if (started_) return;
    started_ = true;
    for (auto& slot : sources_) {
        SourceSlot* s = slot.get();
        s->thread = std::jthread([s](std::stop_token stop) {
            s->source->run(*s->sink, stop);
            s->done.store(true, std::memory_order_release);
        });
    }
}

void Pipeline::stop() {
    for (auto& slot : sources_) {
        if (!slot->thread.joinable()) continue;
        slot->thread.request_stop();
        slot->buffer->close();
        slot->thread.join();
    }
}

bool Pipeline::sources_done() const noexcept {
    for (const auto& slot : sources_)
        if (!slot->done.load(std::memory_order_acquire)) return false;
    return true;
}

size_t Pipeline::drain(size_t max_events, std::chrono::microseconds wait) {
    size_t n = 0;
    MarketEvent event;
    if (wait.count() > 0 && !sources_.empty()) {
        const auto share = std::max(std::chrono::microseconds{1}, wait / static_cast<long>(sources_.size()));
        for (SourceId id = 0; id < sources_.size() && n == 0; ++id)
            if (sources_[id]->buffer->pop_wait(event, share)) {
                process(std::move(event), id);
                ++n;
            }
    }
    for (SourceId id = 0; id < sources_.size(); ++id)
        while (n < max_events && sources_[id]->buffer->try_pop(event)) {
            process(std::move(event), id);
            ++n;
        }
    collect_refusals();
    return n;
}

void Pipeline::run_inline(SourceId id) {
    DirectSink sink([this, id](MarketEvent e) { process(std::move(e), id); });
    std::stop_source never;
    sources_.at(id)->source->run(sink, never.get_token());
    sources_.at(id)->done.store(true, std::memory_order_release);
}

void Pipeline::collect_refusals() {
    for (auto& slot : sources_) {
        for (const auto& [symbol, n] : slot->sink->take_refused()) {
            auto& h = health_of(symbol);
            h.rejected += n;
            ++h.gaps;
            log::warn(
                "data", "buffer_overflow",
                {{"symbol", symbol.str()}, {"refused", n}, {"source", std::string(slot->source->name())}});
            raise({HealthEvent::Kind::overflow, symbol, clock_(), Duration::zero(), n});
        }
    }
}

FeedHealth& Pipeline::health_of(const Symbol& symbol) {
    // Runs of one symbol skip the hash lookup; map nodes never move.
    if (cached_health_ != nullptr && cached_health_->symbol == symbol) return *cached_health_;
    auto& h = health_[symbol];
    h.symbol = symbol;
    cached_health_ = &h;
    return h;
}

void Pipeline::raise(HealthEvent event) {
    if (health_handler_) health_handler_(event);
}

Pipeline::StreamKey Pipeline::key_of(const MarketEvent& e) {
    const auto kind = kind_of(e);
    return {symbol_of(e), kind, kind == DataKind::bar ? std::get<Bar>(e.data).timeframe : Timeframe::s1};
}

quality::Action Pipeline::check(const MarketEvent& e, quality::Validator& gate) {
    const Timestamp now = now_;
    switch (e.data.index()) {
        case 0:
            return gate.check(std::get<Tick>(e.data), now);
        case 1:
            return gate.check(std::get<Quote>(e.data), now);
        default:
            return gate.check(std::get<Bar>(e.data), now);
    }
}

void Pipeline::process(MarketEvent event, SourceId source) {
    if (!is_market_data(event)) {
        finish_backfill(std::get<BackfillDone>(event.data).request_id);
        return;
    }
    const Timestamp now = now_ = clock_();
    auto& h = health_of(symbol_of(event));
    if (h.stalled) {
        h.stalled = false;
        log::info("data", "feed_recovered", {{"symbol", h.symbol.str()}});
        raise({HealthEvent::Kind::recovered, h.symbol, now, now - h.last_update, 0});
    }
    h.on_message(now, time_of(event));
    if (event.origin == Origin::backfill) return on_backfill(std::move(event));

    if (auto it = seams_.empty() ? seams_.end() : seams_.find(key_of(event)); it != seams_.end()) {
        Seam& seam = it->second;
        if (!seam.requested) {
            seam.requested = true;
            const Timestamp first = time_of(event);
            // Ask up to and including the first live record, so the overlap is real and removed.
            const Duration overlap = event.data.index() == 2
                                         ? Duration{std::chrono::seconds(timeframe_seconds(seam.timeframe))}
                                         : Duration{1};
            Pending p;
            p.request = {next_request_++, symbol_of(event), kind_of(event),
                         seam.timeframe,  seam.from,        first + overlap};
            p.source = seam.source;
            p.seam = it->first;
            if (!request(std::move(p))) {
                seams_.erase(it);  // no history to wait for: the live stream starts as is
                return gate_live(std::move(event), source);
            }
        }
        if (seam.held.size() < config_.max_held_at_seam) {
            seam.held.push_back(std::move(event));
            return;
        }
        log::warn("data", "seam_abandoned", {{"symbol", h.symbol.str()}, {"held", seam.held.size()}});
        auto held = std::move(seam.held);
        seams_.erase(it);
        for (auto& e : held) gate_live(std::move(e), source);
    }
    gate_live(std::move(event), source);
}

void Pipeline::gate_live(MarketEvent event, SourceId source) {
    auto& h = health_of(symbol_of(event));
    const uint64_t gaps_before = gate_.gaps_seen();
    const Action action = check(event, gate_);
    if (gate_.gaps_seen() > gaps_before && event.data.index() == 2) on_gap(std::get<Bar>(event.data), source);
    if (action == Action::quarantined) {
        ++h.quarantined;
        return;
    }
    deliver(event, action == Action::flagged);
}

void Pipeline::on_gap(const Bar& bar, SourceId source) {
    const auto& gap = gate_.last_gap();
    auto& h = health_of(bar.symbol);
    ++h.gaps;
    const auto missing = static_cast<uint64_t>(gap.value);
    raise({HealthEvent::Kind::gap, bar.symbol, clock_(), Duration::zero(), missing});
    if (config_.on_gap == GapPolicy::backfill) {
        Pending p;
        p.request = {next_request_++,
                     bar.symbol,
                     DataKind::bar,
                     bar.timeframe,
                     gap.time + std::chrono::seconds(timeframe_seconds(bar.timeframe)),
                     bar.start};
        p.source = source;
        p.missing = missing;
        p.after = bar;
        // The answer is checked on its own, primed with the bar before the hole so the
        // bars still missing afterwards can be counted.
        auto rules = config_.rules;
        rules.tick_outliers.enabled = rules.bar_outliers.enabled = false;
        p.gate = std::make_unique<quality::Validator>(rules);
        Bar before = bar;
        before.start = gap.time;
        p.gate->check(before, clock_());
        if (request(std::move(p))) return;
    }
    log::warn("data", "gap_marked",
              {{"symbol", bar.symbol.str()}, {"after", format_iso_micros(gap.time)}, {"missing", missing}});
}

bool Pipeline::request(Pending pending) {
    auto& slot = *sources_.at(pending.source);
    const auto id = pending.request.id;
    const auto req = pending.request;
    pending_.emplace(id, std::move(pending));
    EventSink& sink = *slot.sink;
    if (slot.source->request_backfill(req, sink)) return true;
    pending_.erase(id);
    return false;
}

void Pipeline::on_backfill(MarketEvent event) {
    auto& h = health_of(symbol_of(event));
    auto it = pending_.find(event.request_id);
    if (it == pending_.end()) {
        // An answer to nothing we asked (or already closed): already covered, count it.
        ++h.duplicates_dropped;
        return;
    }
    Pending& p = it->second;
    const Timestamp t = time_of(event);
    if (t < p.request.from || t >= p.request.to) {
        ++h.duplicates_dropped;
        return;
    }
    if (p.seam) {
        auto s = seams_.find(*p.seam);
        if (s == seams_.end()) {
            ++h.duplicates_dropped;
            return;
        }
        Seam& seam = s->second;
        if (!seam.any_backfill || t > seam.last_backfill_time) seam.at_last_time.clear();
        seam.any_backfill = true;
        seam.last_backfill_time = t;
        seam.at_last_time.push_back(event);
        // History before the live stream goes through the live gate, in order.
        const uint64_t q = h.quarantined, d = h.delivered;
        gate_live(std::move(event), p.source);
        if (h.delivered > d && h.quarantined == q) ++h.backfilled;
        return;
    }
    const Action action = check(event, *p.gate);
    if (action == Action::quarantined) {
        ++h.quarantined;
        // Keep the finding in the pipeline's record too.
        findings_.add(p.gate->log().findings().back());
        return;
    }
    ++h.backfilled;
    deliver(event, action == Action::flagged);
}

void Pipeline::finish_backfill(uint64_t request_id) {
    auto it = pending_.find(request_id);
    if (it == pending_.end()) return;
    Pending p = std::move(it->second);
    pending_.erase(it);
    if (p.seam) {
        auto s = seams_.find(*p.seam);
        if (s == seams_.end()) return;
        Seam seam = std::move(s->second);
        seams_.erase(s);
        auto& h = health_of(p.seam->symbol);
        uint64_t overlap = 0;
        for (auto& e : seam.held) {
            const Timestamp t = time_of(e);
            bool covered = seam.any_backfill && t < seam.last_backfill_time;
            if (seam.any_backfill && t == seam.last_backfill_time)
                for (const auto& b : seam.at_last_time) covered = covered || same_record(b, e);
            if (covered) {
                ++overlap;
                continue;
            }
            gate_live(std::move(e), p.source);
        }
        h.duplicates_dropped += overlap;
        log::info("data", "seam_merged",
                  {{"symbol", h.symbol.str()}, {"backfilled", h.backfilled}, {"overlap_dropped", overlap}});
        return;
    }
    // A hole mid-stream: did the answer fill it?
    auto& h = health_of(p.request.symbol);
    uint64_t still_missing = 0;
    if (p.after) {
        p.gate->check(*p.after, clock_());
        // Gaps inside the answer, and between its last bar and the bar after the hole.
        for (const auto& f : p.gate->log().findings())
            if (f.check == Check::gap) still_missing += static_cast<uint64_t>(f.value);
    }
    if (still_missing == 0) {
        ++h.gaps_filled;
        log::info("data", "gap_filled", {{"symbol", h.symbol.str()}, {"bars", p.missing}});
    } else {
        log::warn("data", "gap_partly_filled",
                  {{"symbol", h.symbol.str()}, {"missing", p.missing}, {"still_missing", still_missing}});
    }
}

void Pipeline::deliver(MarketEvent& event, bool flagged) {
    auto& h = health_of(symbol_of(event));
    event.flagged = flagged;
    ++h.delivered;
    if (flagged) ++h.flagged;
    const auto kind = static_cast<DataKinds>(kind_of(event));
    auto call = [&](SubscriptionId id) {
        auto& s = subscriptions_[id];
        if (s.active && (s.kinds & kind)) s.handler(event);
    };
    if (auto it = by_symbol_.empty() ? by_symbol_.end() : by_symbol_.find(symbol_of(event));
        it != by_symbol_.end())
        for (auto id : it->second) call(id);
    for (auto id : wildcard_) call(id);
}

void Pipeline::check_stalls(Timestamp now) {
    if (config_.stall_only_in_session && config_.rules.calendar != nullptr &&
        !config_.rules.calendar->is_extended_open(now))
        return;
    for (auto& [symbol, h] : health_) {
        if (h.stalled || h.messages == 0 || now - h.last_update <= config_.stall_after) continue;
        h.stalled = true;
        const auto silent = now - h.last_update;
        log::warn("data", "feed_stalled",
                  {{"symbol", symbol.str()}, {"silent_s", std::chrono::duration<double>(silent).count()}});
        raise({HealthEvent::Kind::stalled, symbol, now, silent, 0});
    }
}

const FeedHealth* Pipeline::health(const Symbol& symbol) const {
    auto it = health_.find(symbol);
    return it == health_.end() ? nullptr : &it->second;
}

std::vector<FeedHealth> Pipeline::health() const {
    std::vector<FeedHealth> out;
    out.reserve(health_.size());
    for (const auto& [_, h] : health_) out.push_back(h);
    return out;
}

}  // namespace robo::data::pipeline
