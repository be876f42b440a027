// data/pipeline/source.hpp — what a market-data source (CSV replay, synthetic generator,
// the TWS client) implements to feed the pipeline.
//
// A source pushes events into the EventSink it is given; the sink is a bounded buffer
// owned by the pipeline (one per source), so a source never blocks the pipeline thread and
// never sees a consumer. run() is called on a thread of the pipeline's (or inline, for
// deterministic replays); it returns when the source is exhausted or stop is requested.
// A source that can fetch history implements request_backfill: it answers later (or at
// once) through the same sink with events marked Origin::backfill and the request id, then
// a BackfillDone. A source must never drop an event silently: a refused push is counted by
// the buffer.
#pragma once
#include <stop_token>
#include <string_view>

#include "robo/data/pipeline/event.hpp"

namespace robo::data::pipeline {

class EventSink {
public:
    virtual ~EventSink() = default;
    // False when refused (full buffer under drop_newest, or closed); counted by the sink.
    virtual bool push(MarketEvent event) = 0;
};

struct BackfillRequest {
    uint64_t id = 0;
    Symbol symbol;
    DataKind kind = DataKind::bar;
    Timeframe timeframe = Timeframe::m1;  // bars only
    Timestamp from, to;                   // [from, to)
};

class Source {
public:
    virtual ~Source() = default;
    virtual std::string_view name() const = 0;
    virtual void run(EventSink& sink, std::stop_token stop) = 0;
    // Accepts (true) or declines (false) a request for history; see the header comment.
    virtual bool request_backfill(const BackfillRequest&, EventSink&) { return false; }
};

}  // namespace robo::data::pipeline
