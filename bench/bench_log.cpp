// What does a log call or an audit record cost the trading thread? With async delivery the
// caller only stamps the time and enqueues; formatting, redaction and I/O happen on the
// writer thread.
#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>

#include "robo/core/units.hpp"
#include "robo/log/audit_trail.hpp"
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

// What does an audit record cost the engine thread with a trail that need not fsync
// (backtests)? The same risk verdict through the compact path and through the json path;
// the writer thread renders, hashes and writes either one.
robo::log::CompactRecord verdict_record(robo::Timestamp now) {
    robo::log::CompactRecord r("risk_accepted");
    r.text("client_id", "sma_crossover-AAPL-000042")
        .text("symbol", "AAPL")
        .text("side", "buy")
        .text("type", "limit")
        .scaled("quantity", 1'000'000, 4)
        .text("strategy", "sma_crossover")
        .time("time", now)
        .scaled("limit", 18'937'000'000, 8);
    return r;
}

template <bool Compact>
void BM_AuditTrail_Record(benchmark::State& state) {
    const auto file = std::filesystem::temp_directory_path() / "robo-bench-audit.jsonl";
    std::filesystem::remove(file);
    {
        robo::log::AuditTrail trail(file, robo::log::FsyncPolicy::none);
        robo::Timestamp now = robo::from_civil(2024, 3, 4, 15, 0, 0);
        for (auto _ : state) {
            now += std::chrono::seconds(1);
            if constexpr (Compact) {
                trail.record(verdict_record(now));
            } else {
                trail.record("risk_accepted", {{"client_id", "sma_crossover-AAPL-000042"},
                                               {"symbol", "AAPL"},
                                               {"side", "buy"},
                                               {"type", "limit"},
                                               {"quantity", robo::Quantity::from_units(100).to_string()},
                                               {"strategy", "sma_crossover"},
                                               {"time", robo::format_iso_micros(now)},
                                               {"limit", robo::Price::parse("189.37").to_string()}});
            }
        }
        trail.flush();
        state.counters["queue_full_waits"] = static_cast<double>(trail.queue_full_waits());
    }
    std::filesystem::remove(file);
}
void BM_AuditTrail_Record_Compact(benchmark::State& s) { BM_AuditTrail_Record<true>(s); }
void BM_AuditTrail_Record_Json(benchmark::State& s) { BM_AuditTrail_Record<false>(s); }
BENCHMARK(BM_AuditTrail_Record_Compact);
BENCHMARK(BM_AuditTrail_Record_Json);

}  // namespace

BENCHMARK_MAIN();
