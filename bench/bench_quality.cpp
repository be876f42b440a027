// bench/bench_quality.cpp — how fast is the quality gate, and how long does a tick take from
// entering the pipeline to its features being updated?
//
// "Features" are measured two ways: the features component's FeatureEngine (default spec,
// bars built from the ticks, trade features per tick), and a single EMA per symbol (the
// pipeline's own cost with the cheapest possible consumer).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "robo/data/pipeline/pipeline.hpp"
#include "robo/data/pipeline/replay_source.hpp"
#include "robo/data/pipeline/synthetic_source.hpp"
#include "robo/data/quality/history.hpp"
#include "robo/data/quality/validator.hpp"
#include "robo/features/feature_engine.hpp"

using namespace robo;
using namespace robo::data;

namespace {

std::vector<Tick> synthetic_ticks(size_t n, size_t symbols) {
    pipeline::SyntheticConfig c;
    c.symbols.clear();
    for (size_t i = 0; i < symbols; ++i) c.symbols.push_back(Symbol(fmt::format("S{}", i)));
    c.events = n;
    c.quotes = false;
    std::vector<Tick> out;
    for (auto& e : pipeline::SyntheticSource::generate(c)) out.push_back(std::get<Tick>(e.data));
    return out;
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
    pipeline::SyntheticConfig c;
    c.events = 1'000'000;
    std::vector<Quote> quotes;
    for (auto& e : pipeline::SyntheticSource::generate(c))
        if (e.data.index() == 1) quotes.push_back(std::get<Quote>(e.data));
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

// A tick pushed into the pipeline (inline mode: the engine's own thread) until its symbol's
// EMA has been updated by a subscriber: gate + dispatch + health, per tick.
void BM_Pipeline_TickToFeature_Inline(benchmark::State& state) {
    const auto ticks = synthetic_ticks(200'000, 8);
    std::vector<pipeline::MarketEvent> events;
    for (const auto& t : ticks) events.push_back(pipeline::MarketEvent{t});
    for (auto _ : state) {
        pipeline::Pipeline p({}, [] { return far_future; });
        std::unordered_map<Symbol, double> ema;
        p.subscribe(std::nullopt, static_cast<pipeline::DataKinds>(pipeline::DataKind::tick),
                    [&](const pipeline::MarketEvent& e) {
                        const auto& t = std::get<Tick>(e.data);
                        auto& x = ema[t.symbol];
                        x = x == 0 ? t.price.to_double() : x + 0.1 * (t.price.to_double() - x);
                    });
        p.run_inline(p.add_source(std::make_shared<pipeline::ReplaySource>("bench", events)));
        benchmark::DoNotOptimize(ema.size());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
}
BENCHMARK(BM_Pipeline_TickToFeature_Inline)->Unit(benchmark::kMillisecond);

// The same, with the features component's FeatureEngine (default spec) as the subscriber.
void BM_Pipeline_TickToFeatureEngine_Inline(benchmark::State& state) {
    const auto ticks = synthetic_ticks(200'000, 8);
    std::vector<pipeline::MarketEvent> events;
    for (const auto& t : ticks) events.push_back(pipeline::MarketEvent{t});
    for (auto _ : state) {
        pipeline::Pipeline p({}, [] { return far_future; });
        features::FeatureEngine engine(features::FeatureEngineConfig{});
        p.subscribe(std::nullopt, static_cast<pipeline::DataKinds>(pipeline::DataKind::tick),
                    [&](const pipeline::MarketEvent& e) { engine.on_tick(std::get<Tick>(e.data)); });
        p.run_inline(p.add_source(std::make_shared<pipeline::ReplaySource>("bench", events)));
        benchmark::DoNotOptimize(engine.rejected());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
}
BENCHMARK(BM_Pipeline_TickToFeatureEngine_Inline)->Unit(benchmark::kMillisecond);

// Threaded: a source thread pushes ticks through the bounded buffer at a steady pace; the
// pipeline thread drains, gates and feeds the FeatureEngine. Latency = features updated - push,
// in nanoseconds (p50 and p99 as counters). The tick's size carries its sequence number.
void BM_Pipeline_TickToFeature_Threaded(benchmark::State& state) {
    constexpr size_t n = 20'000;
    for (auto _ : state) {
        std::vector<std::chrono::steady_clock::time_point> sent(n), updated(n);
        struct Paced final : pipeline::Source {
            std::vector<std::chrono::steady_clock::time_point>* sent;
            std::string_view name() const override { return "paced"; }
            void run(pipeline::EventSink& sink, std::stop_token stop) override {
                const Timestamp t0 = from_civil(2024, 6, 3, 14, 0);
                for (size_t i = 0; i < n && !stop.stop_requested(); ++i) {
                    // ~200k ticks/s: spaced so the queue stays near empty (latency, not throughput).
                    const auto start = std::chrono::steady_clock::now();
                    while (std::chrono::steady_clock::now() - start < std::chrono::microseconds(5)) {
                    }
                    (*sent)[i] = std::chrono::steady_clock::now();
                    sink.push(pipeline::MarketEvent{
                        Tick{Symbol("AAPL"), t0 + std::chrono::microseconds(i),
                             Price::from_double(190.0 + 0.01 * static_cast<double>(i % 3)),
                             Quantity::from_units(static_cast<int64_t>(i + 1))}});
                }
            }
        };
        pipeline::Pipeline p({}, [] { return far_future; });
        features::FeatureEngine engine(features::FeatureEngineConfig{});
        p.subscribe(std::nullopt, static_cast<pipeline::DataKinds>(pipeline::DataKind::tick),
                    [&](const pipeline::MarketEvent& e) {
                        const auto& t = std::get<Tick>(e.data);
                        engine.on_tick(t);
                        updated[static_cast<size_t>(t.size.to_double()) - 1] =
                            std::chrono::steady_clock::now();
                    });
        auto src = std::make_shared<Paced>();
        src->sent = &sent;
        const auto id = p.add_source(src);
        p.start();
        while (!p.sources_done() || p.buffer(id).size_approx() > 0)
            p.drain(1024, std::chrono::microseconds(200));
        p.stop();
        std::vector<double> lat(n);
        for (size_t i = 0; i < n; ++i)
            lat[i] = std::chrono::duration<double, std::nano>(updated[i] - sent[i]).count();
        std::sort(lat.begin(), lat.end());
        state.counters["p50_ns"] = lat[n / 2];
        state.counters["p99_ns"] = lat[n * 99 / 100];
        benchmark::DoNotOptimize(engine.rejected());
    }
}
BENCHMARK(BM_Pipeline_TickToFeature_Threaded)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
