// How long does one protective-stop modification take on the engine's side: the order
// manager's request (validated, audited), the paper broker's modify (its answer queued),
// the poll, and the order manager applying the broker's `modified`?
// The audit sink only counts records, so this measures the decisions, not I/O.
#include <benchmark/benchmark.h>

#include "counting_audit_sink.hpp"
#include "robo/exec/order_manager.hpp"
#include "robo/exec/paper_broker.hpp"

using namespace robo;

static void BM_StopModification_RequestBrokerApply(benchmark::State& state) {
    bench::CountingAuditSink audit;
    exec::OrderManager orders(audit, "bench");
    exec::PaperBroker broker;
    Order stop;
    stop.client_id = "bench-stop-1";
    stop.symbol = Symbol("AAPL");
    stop.side = Side::sell;
    stop.type = OrderType::stop;
    stop.tif = TimeInForce::gtc;
    stop.quantity = Quantity::from_units(100);
    stop.stop = Price::parse("95");
    const Timestamp t = from_civil(2024, 3, 1);
    orders.submit(stop, t);
    orders.mark_submitted(stop.client_id, t);
    broker.submit(stop, t);
    std::vector<exec::BrokerEvent> events;
    broker.poll(events);
    orders.mark_accepted(stop.client_id, t);
    const Price tick = Price::parse("0.01");
    Order amended = stop;
    for (auto _ : state) {
        amended.stop = *amended.stop + tick;  // a trailing stop creeping up a cent at a time
        orders.request_modify(amended, t);
        broker.modify(amended, t);
        events.clear();
        broker.poll(events);
        const auto& mo = orders.apply_modified(events.front().client_id, events.front().terms, t);
        benchmark::DoNotOptimize(&mo);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StopModification_RequestBrokerApply);

BENCHMARK_MAIN();
