// Does watching a session (feed health with the quality gate, stall checks, alerts) slow
// the engine down? The same replay of the bundled daily sample, run bare and with the
// web::SessionMonitor that `run` attaches when the dashboard or the webhook is on (alerts
// here go to a loopback port nobody listens on: posting is a queue hand-off either way).
// And the monitor's own cost per market event.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "counting_audit_sink.hpp"
#include "robo/engine/backtest.hpp"
#include "robo/web/session_monitor.hpp"

using namespace robo;

namespace {
const engine::LoadedFeed& sample() {
    static const engine::LoadedFeed loaded = [] {
        engine::DataSelection sel;
        sel.data = std::filesystem::path(ROBO_SOURCE_DIR) / "data" / "sample" / "daily";
        return engine::load_feed(sel);
    }();
    return loaded;
}
}  // namespace

// Arg 0: no observer; 1: the session monitor with alerts (`run` with a webhook);
// 2: also the quality gate over every event (`run --dashboard`, less the bridge's JSON).
static void BM_Replay_DailySample(benchmark::State& state) {
    const bool watched = state.range(0) >= 1;
    web::FeedWatchOptions options;
    options.check_quality = state.range(0) == 2;
    engine::SessionConfig config;
    config.engine.mode = engine::Mode::replay;
    config.engine.handle_signals = false;
    config.engine.health_interval = std::chrono::milliseconds(0);
    config.strategies.push_back({"sma_crossover", {}, 1.0});
    config.use_risk_gate = true;
    config.risk.check_market_hours = false;
    uint64_t bars = 0;
    for (auto _ : state) {
        state.PauseTiming();
        data::RecordFeedReader feed(sample().feed.events());  // the loaded sample, from the start
        bench::CountingAuditSink trail;
        web::AlertPoster poster({.url = "http://127.0.0.1:1/hook", .max_attempts = 1});
        web::EngineAlerts alerts(poster, {});
        web::AlertingAudit tee(trail, alerts);
        web::SessionMonitor monitor(engine::Mode::replay, options);
        monitor.set_alerts(&alerts);
        auto session = std::make_unique<engine::Session>(
            config, feed, watched ? static_cast<log::AuditSink&>(tee) : static_cast<log::AuditSink&>(trail));
        if (watched) session->engine().set_observer(&monitor);
        state.ResumeTiming();
        bars += session->run().bars;
        state.PauseTiming();
        session.reset();
        state.ResumeTiming();
    }
    state.counters["bars/s"] = benchmark::Counter(double(bars), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Replay_DailySample)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// The monitor's cost per market event (feed watch, quality gate, stall check).
// Arg: 1 with the quality gate (as `run` does), 0 without.
static void BM_SessionMonitor_PerBar(benchmark::State& state) {
    web::FeedWatchOptions options;
    options.check_quality = state.range(0) == 1;
    const auto& feed = sample().feed;
    std::vector<engine::MarketEvent> events;
    data::RecordFeedReader reader(feed.events());
    for (engine::MarketEvent ev; reader.next(ev);) events.push_back(ev);
    auto monitor = std::make_unique<web::SessionMonitor>(engine::Mode::replay, options);
    size_t i = 0;
    for (auto _ : state) {
        monitor->on_market(events[i]);
        if (++i == events.size()) {  // the sample again, with a fresh monitor (time restarts)
            state.PauseTiming();
            monitor = std::make_unique<web::SessionMonitor>(engine::Mode::replay, options);
            i = 0;
            state.ResumeTiming();
        }
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SessionMonitor_PerBar)->Arg(0)->Arg(1);

BENCHMARK_MAIN();
