// data/pipeline/pipeline.hpp — market data from sources to subscribers, through the
// quality gate, with backfill, gap handling and per-symbol feed health.
//
//   source thread(s) --push--> BoundedBuffer (one per source, stated overflow policy)
//        --drain()--> quality gate (validator) --> subscribers (by symbol and data kind)
//
// Nothing reaches a subscriber before the gate has checked it; a quarantined event is
// counted and recorded, never delivered. A detected gap (missing bars, or events refused by
// a full buffer) is either backfilled from the source or marked, as configured; backfilled
// events are delivered tagged Origin::backfill. backfill_before_live() holds a stream's live
// events until its history has arrived, then releases them minus what the history already
// covered: no duplicates and, if the seam itself has a hole, a gap that is handled like any
// other. Everything after the buffers runs on one thread (the caller of drain() or
// run_inline()); only the buffers are crossed by source threads.
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "robo/data/pipeline/bounded_buffer.hpp"
#include "robo/data/pipeline/feed_health.hpp"
#include "robo/data/pipeline/source.hpp"
#include "robo/data/quality/validator.hpp"

namespace robo::data::pipeline {

enum class GapPolicy : uint8_t { backfill, mark };

struct PipelineConfig {
    size_t buffer_capacity = 1 << 16;
    OverflowPolicy overflow = OverflowPolicy::block;
    GapPolicy on_gap = GapPolicy::backfill;  // falls back to marking when the source declines
    quality::QualityRules rules{};
    Duration stall_after = std::chrono::seconds(10);
    // With a calendar in `rules`, silence while the extended session is closed is no stall.
    bool stall_only_in_session = true;
    size_t max_held_at_seam = 1 << 20;  // live events held while a seam backfill is awaited
};

class Pipeline {
public:
    using Clock = std::function<Timestamp()>;
    using Handler = std::function<void(const MarketEvent&)>;
    using HealthHandler = std::function<void(const HealthEvent&)>;
    using SourceId = size_t;
    using SubscriptionId = size_t;

    explicit Pipeline(PipelineConfig config = {}, Clock clock = wall_now);
    ~Pipeline();
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    SourceId add_source(std::shared_ptr<Source> source);
    // `symbol` nullopt: every symbol. `kinds`: a mask of DataKind.
    SubscriptionId subscribe(std::optional<Symbol> symbol, DataKinds kinds, Handler handler);
    void unsubscribe(SubscriptionId id);
    void on_health(HealthHandler handler) { health_handler_ = std::move(handler); }

    // Before this stream's first live event is delivered, fetch [from, that event] from the
    // source and deliver it first; the overlap is removed.
    void backfill_before_live(SourceId source, Symbol symbol, DataKind kind, Timeframe timeframe,
                              Timestamp from);

    // Threaded mode: start() runs each source on its own thread; the owner calls drain()
    // on the pipeline thread; stop() stops the sources and joins them.
    void start();
    // Processes what the buffers hold (up to max_events). With `wait` > 0 and nothing queued,
    // sleeps on the buffers for up to `wait` instead of returning at once (frees the core for
    // the producers instead of spinning).
    size_t drain(size_t max_events = static_cast<size_t>(-1), std::chrono::microseconds wait = {});
    void stop();
    bool sources_done() const noexcept;

    // Inline mode (replays, backtests, tests): runs the source on this thread and processes
    // every event as it is pushed. Deterministic.
    void run_inline(SourceId id);

    // Raises `stalled` for every symbol silent for longer than stall_after (once per stall).
    void check_stalls(Timestamp now);

    const FeedHealth* health(const Symbol& symbol) const;
    std::vector<FeedHealth> health() const;
    const quality::FindingLog& findings() const noexcept { return findings_; }
    const BoundedBuffer& buffer(SourceId id) const;
    const PipelineConfig& config() const noexcept { return config_; }

private:
    struct SourceSlot;
    struct StreamKey {
        Symbol symbol;
        DataKind kind;
        Timeframe timeframe;
        bool operator==(const StreamKey&) const = default;
    };
    struct StreamKeyHash {
        size_t operator()(const StreamKey& k) const noexcept {
            return std::hash<Symbol>{}(k.symbol) * 31 + static_cast<size_t>(k.kind) * 7 +
                   static_cast<size_t>(k.timeframe);
        }
    };
    struct Seam {
        SourceId source = 0;
        Timeframe timeframe = Timeframe::m1;
        Timestamp from{};
        bool requested = false;
        bool any_backfill = false;
        Timestamp last_backfill_time{};
        std::vector<MarketEvent> at_last_time;  // backfill events at last_backfill_time
        std::vector<MarketEvent> held;          // live events waiting for the history
    };
    struct Pending {
        BackfillRequest request;
        SourceId source = 0;
        std::optional<StreamKey> seam;             // a seam request, or a hole mid-stream
        std::unique_ptr<quality::Validator> gate;  // hole requests: checks the answer alone
        uint64_t missing = 0;                      // hole requests: bars missing at first
        std::optional<Bar> after;                  // hole requests: the bar after the hole
    };
    struct Subscription {
        std::optional<Symbol> symbol;
        DataKinds kinds;
        Handler handler;
        bool active = true;
    };

    void process(MarketEvent event, SourceId source);
    void gate_live(MarketEvent event, SourceId source);
    void on_backfill(MarketEvent event);
    void finish_backfill(uint64_t request_id);
    void on_gap(const Bar& bar, SourceId source);
    bool request(Pending pending);
    void deliver(MarketEvent& event, bool flagged);
    void collect_refusals();
    FeedHealth& health_of(const Symbol& symbol);
    void raise(HealthEvent event);
    quality::Action check(const MarketEvent& event, quality::Validator& gate);
    static StreamKey key_of(const MarketEvent& event);

    PipelineConfig config_;
    Clock clock_;
    quality::FindingLog findings_;
    quality::Validator gate_;
    std::vector<std::unique_ptr<SourceSlot>> sources_;
    std::vector<Subscription> subscriptions_;
    std::unordered_map<Symbol, std::vector<SubscriptionId>> by_symbol_;
    std::vector<SubscriptionId> wildcard_;
    std::unordered_map<Symbol, FeedHealth> health_;
    std::unordered_map<StreamKey, Seam, StreamKeyHash> seams_;
    std::unordered_map<uint64_t, Pending> pending_;
    uint64_t next_request_ = 1;
    HealthHandler health_handler_;
    FeedHealth* cached_health_ = nullptr;
    Timestamp now_{};  // pipeline clock for the event being processed
    bool started_ = false;
};

}  // namespace robo::data::pipeline
