// How many bars per second does a whole backtest process, end to end?
//
// Each iteration runs a full session — the feed, the default feature set (features/) when
// something reads it, the SMA crossover strategy, the trader with robo::risk's gate
// (sizing and the pre-trade gate), the order manager with its audit records, the paper
// broker (fills, IBKR fixed commission, volume cap) and the ledger with its equity curve
// — over data loaded once beforehand (file parsing is measured in the data benchmarks).
// The built-in rules keep their own state and read no features, so a session of them computes
// none (Strategy::reads_features); the _WithFeatures variant listens to the feature stage, as
// a recording does, to show what the feature set costs.
// Published peers: backtrader ~15-35 k bars/s, LEAN 18-26 k data points/s, NautilusTrader
// claims 500 k events/s.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>

#include "counting_audit_sink.hpp"
#include "robo/engine/backtest.hpp"
#include "robo/engine/feature_stage.hpp"
#include "robo/log/log.hpp"
#include "robo/strategy/registry.hpp"

using namespace robo;

namespace {
std::filesystem::path shared_data() {
    return std::filesystem::path(ROBO_SOURCE_DIR).parent_path() / "shared" / "data";
}

const engine::LoadedFeed* load(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) return nullptr;
    engine::DataSelection sel;
    sel.data = path;
    return new engine::LoadedFeed(engine::load_feed(sel));  // kept for the whole program
}

void run_backtest(benchmark::State& state, const engine::LoadedFeed* loaded, double position_pct,
                  Timeframe tf, std::vector<strategy::StrategySpec> strategies = {{"sma_crossover", {}, 1.0}},
                  risk::SizingMethod sizing = risk::SizingMethod::fixed, bool with_features = false) {
    if (!loaded) {
        state.SkipWithError("shared data not found next to the repository (../shared/data)");
        return;
    }
    engine::SessionConfig config;
    config.engine.handle_signals = false;
    config.engine.health_interval = std::chrono::milliseconds(0);
    config.trader.position_fraction = position_pct;
    config.gate.max_position_share = position_pct;
    config.gate.max_leverage = 2.0;
    config.strategies = std::move(strategies);
    config.trader.sizing.method = sizing;
    config.feature_timeframes = {tf};  // the default feature set on every bar
    // The full risk gate with the configuration's default limits and the shipped sectors.
    config.use_risk_gate = true;
    config.risk.limits.max_position_pct = std::min(position_pct, 0.1);
    config.risk.sectors =
        risk::SectorMap::load(std::filesystem::path(ROBO_SOURCE_DIR) / "config" / "sectors.csv");
    config.risk.check_market_hours = tf != Timeframe::day;
    uint64_t bars = 0, fills = 0, snapshots = 0;
    for (auto _ : state) {
        state.PauseTiming();
        data::RecordFeedReader feed(loaded->feed.events());  // the loaded data, read from the start
        bench::CountingAuditSink audit;
        auto session = std::make_unique<engine::Session>(config, feed, audit);
        if (with_features)
            session->features()->set_listener([&snapshots](const features::FeatureSnapshot& s) {
                snapshots += s.features.ready() ? 1 : 0;
            });
        state.ResumeTiming();
        auto summary = session->run();
        bars += summary.bars;
        fills += summary.fills;
        benchmark::DoNotOptimize(summary);
        state.PauseTiming();
        session.reset();
        state.ResumeTiming();
    }
    state.counters["bars/s"] = benchmark::Counter(double(bars), benchmark::Counter::kIsRate);
    state.counters["fills"] = double(fills) / double(state.iterations());
    state.counters["bars"] = double(bars) / double(state.iterations());
    if (with_features) state.counters["ready_snapshots"] = double(snapshots) / double(state.iterations());
}

void BM_Backtest_Daily60Symbols_SmaCrossover(benchmark::State& state) {
    static const auto* loaded = load(shared_data() / "daily");
    run_backtest(state, loaded, 0.02, Timeframe::day);
}
BENCHMARK(BM_Backtest_Daily60Symbols_SmaCrossover)->Unit(benchmark::kMillisecond);

void BM_Backtest_Daily60Symbols_SmaCrossover_WithFeatures(benchmark::State& state) {
    static const auto* loaded = load(shared_data() / "daily");
    run_backtest(state, loaded, 0.02, Timeframe::day, {{"sma_crossover", {}, 1.0}}, risk::SizingMethod::fixed,
                 true);
}
BENCHMARK(BM_Backtest_Daily60Symbols_SmaCrossover_WithFeatures)->Unit(benchmark::kMillisecond);

void BM_Backtest_OneMinuteFile_SmaCrossover(benchmark::State& state) {
    static const auto* loaded = load(shared_data() / "intraday" / "index-future-2006-1min.csv");
    run_backtest(state, loaded, 0.1, Timeframe::m1);
}
BENCHMARK(BM_Backtest_OneMinuteFile_SmaCrossover)->Unit(benchmark::kMillisecond);

// Two timeframes in one session: the minute SMA crossover beside momentum on 5-minute bars
// the engine builds from the minutes (with their own feature set), ATR-sized.
void BM_Backtest_OneMinuteFile_MinuteAndFiveMinuteStrategies_Atr(benchmark::State& state) {
    static const auto* loaded = load(shared_data() / "intraday" / "index-future-2006-1min.csv");
    run_backtest(state, loaded, 0.1, Timeframe::m1,
                 {strategy::parse_strategy_spec("sma_crossover"),
                  strategy::parse_strategy_spec("momentum:timeframe=5m")},
                 risk::SizingMethod::atr);
}
BENCHMARK(BM_Backtest_OneMinuteFile_MinuteAndFiveMinuteStrategies_Atr)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    // Engine state changes and summaries are info events; keep the table readable.
    robo::log::LogOptions quiet;
    quiet.level = robo::log::Level::warn;
    robo::log::configure(quiet);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
