// bench/bench_quality.cpp — how fast is the quality gate, and how long does a record take
// from the broker's stream through the engine's live quality gate (engine::QualityGatedFeed,
// what every session through IBKR runs) to its features being updated?
//
// "Features" are measured two ways: the features component's FeatureEngine (default spec,
// bars built from the ticks, trade features per tick), and a single EMA per symbol (the
// gate's own cost with the cheapest possible consumer).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_map>

#include "robo/data/quality/history.hpp"
#include "robo/data/quality/validator.hpp"
#include "robo/engine/quality_feed.hpp"
#include "robo/features/feature_engine.hpp"

using namespace robo;
using namespace robo::data;

namespace {

// A deterministic stream for several symbols: a log-normal random walk on a one-cent grid,
// a one-cent-wide quote after every trade when asked, timestamps 10 ms apart.
struct SyntheticStream {
    std::vector<Tick> ticks;
    std::vector<Quote> quotes;
};
SyntheticStream synthetic_stream(size_t n, size_t symbols, bool with_quotes) {
    SyntheticStream out;
    std::mt19937_64 rng(42);
    std::normal_distribution<double> step(0.0, 2e-4);
    std::vector<double> price(symbols, 100.0);
    Timestamp t = from_civil(2024, 6, 3, 13, 30);
    for (size_t i = 0; i < n; ++i) {
        const size_t k = i % symbols;
        const Symbol s(fmt::format("S{}", k));
        price[k] *= std::exp(step(rng));
        const Price p = Price::from_double(std::round(price[k] * 100) / 100);
        out.ticks.push_back(Tick{s, t, p, Quantity::from_units(100)});
        if (with_quotes)
            out.quotes.push_back(Quote{s, t, p - Price::parse("0.005"), p + Price::parse("0.005"),
                                       Quantity::from_units(100), Quantity::from_units(100)});
        t += std::chrono::milliseconds(10);
    }
    return out;
}
std::vector<Tick> synthetic_ticks(size_t n, size_t symbols) {
    return synthetic_stream(n, symbols, false).ticks;
}

const Timestamp far_future = from_civil(2030, 1, 1);

// Validated trades per second through the streaming gate (bounds, order, duplicates, future,
// robust band). One symbol: the cached-state path; 64 symbols interleaved: a hash lookup each.
void BM_Validator_Ticks(benchmark::State& state) {
    const auto ticks = synthetic_ticks(1'000'000, static_cast<size_t>(state.range(0)));
    quality::QualityRules rules;
    rules.tick_outliers.enabled = state.range(1) != 0;
    for (auto _ : state) {
        quality::Validator v(rules);
        for (const auto& t : ticks) benchmark::DoNotOptimize(v.check(t, far_future));
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * ticks.size()));
}
BENCHMARK(BM_Validator_Ticks)
    ->ArgsProduct({{1, 64}, {0, 1}})
    ->ArgNames({"symbols", "band"})
    ->Unit(benchmark::kMillisecond);

void BM_Validator_Quotes(benchmark::State& state) {
    const auto quotes = synthetic_stream(500'000, 2, true).quotes;
    for (auto _ : state) {
        quality::Validator v;
        for (const auto& q : quotes) benchmark::DoNotOptimize(v.check(q, far_future));
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * quotes.size()));
}
BENCHMARK(BM_Validator_Quotes)->Unit(benchmark::kMillisecond);

// A whole recorded series with the two-sided spike test (files, `robo_trader validate`).
void BM_History_Ticks(benchmark::State& state) {
    const auto ticks = synthetic_ticks(1'000'000, 1);
    quality::HistoryRules rules;
    for (auto _ : state) benchmark::DoNotOptimize(quality::validate_ticks(ticks, rules, far_future));
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * ticks.size()));
}
BENCHMARK(BM_History_Ticks)->Unit(benchmark::kMillisecond);

// A tick from the broker's stream through the engine's live quality gate until its symbol's
// EMA has been updated: gate + hand-over, per tick (what a session through IBKR runs).
void BM_LiveGate_TickToFeature(benchmark::State& state) {
    const auto ticks = synthetic_ticks(200'000, 8);
    for (auto _ : state) {
        state.PauseTiming();
        engine::VectorFeed stream;
        for (const auto& t : ticks) stream.add(t);
        stream.seal();
        engine::QualityGatedFeed gated(stream);
        std::unordered_map<Symbol, double> ema;
        state.ResumeTiming();
        engine::MarketEvent e;
        while (gated.next(e)) {
            const auto& t = std::get<Tick>(e.data);
            auto& x = ema[t.symbol];
            x = x == 0 ? t.price.to_double() : x + 0.1 * (t.price.to_double() - x);
        }
        benchmark::DoNotOptimize(ema.size());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * ticks.size()));
}
BENCHMARK(BM_LiveGate_TickToFeature)->Unit(benchmark::kMillisecond);

// The same, with the features component's FeatureEngine (default spec) as the consumer.
void BM_LiveGate_TickToFeatureEngine(benchmark::State& state) {
    const auto ticks = synthetic_ticks(200'000, 8);
    for (auto _ : state) {
        state.PauseTiming();
        engine::VectorFeed stream;
        for (const auto& t : ticks) stream.add(t);
        stream.seal();
        engine::QualityGatedFeed gated(stream);
        features::FeatureEngine fe(features::FeatureEngineConfig{});
        state.ResumeTiming();
        engine::MarketEvent e;
        while (gated.next(e)) fe.on_tick(std::get<Tick>(e.data));
        benchmark::DoNotOptimize(fe.rejected());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * ticks.size()));
}
BENCHMARK(BM_LiveGate_TickToFeatureEngine)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
