// What does a log call cost the trading thread? With async delivery the caller only stamps
// the time and enqueues; formatting, redaction and I/O happen on the writer thread.
#include <benchmark/benchmark.h>

#include <atomic>

#include "robo/log/log.hpp"

namespace {

void BM_Log_InfoCallerCost_Async(benchmark::State& state) {
    std::atomic<std::size_t> written{0};
    robo::log::LogOptions o;
    o.async = true;
    o.line_sink = [&](std::string_view) { written.fetch_add(1, std::memory_order_relaxed); };
    robo::log::configure(o);
    for (auto _ : state)
        robo::log::info("risk", "order_checked", {{"symbol", "AAPL"}, {"qty", 100}, {"price", 189.37}});
    robo::log::flush();
    robo::log::configure(robo::log::LogOptions{.async = false});
    state.counters["dropped"] = static_cast<double>(robo::log::dropped_events());
}
BENCHMARK(BM_Log_InfoCallerCost_Async);

void BM_Log_InfoBelowLevel(benchmark::State& state) {
    robo::log::configure(robo::log::LogOptions{.level = robo::log::Level::warn, .async = false});
    for (auto _ : state) robo::log::debug("risk", "order_checked", {{"symbol", "AAPL"}});
    robo::log::configure(robo::log::LogOptions{.async = false});
}
BENCHMARK(BM_Log_InfoBelowLevel);

}  // namespace

BENCHMARK_MAIN();
