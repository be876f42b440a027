// How fast are the features? Three questions from issue 4:
//  1. How long does one new bar take to update one symbol's full default feature set
//     (median and p99 of per-bar latencies)?
//  2. How many bars per second does each indicator process in batch over 1,000,000 bars?
//     The series is the one the TA-Lib peer harness generates (shared/peers/talib/
//     talib_bench.c: splitmix64 + Box-Muller random walk, seed 42), so the rates compare
//     side by side with TA-Lib C on the same machine; the `last` counter is the final output,
//     which must equal the peer's `last` for the same indicator.
//  3. What does one tick cost when 500 symbols stream through the engine (bars on 1m and 5m,
//     the default feature set on both)?
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <type_traits>
#include <vector>

#include "robo/features/batch.hpp"
#include "robo/features/bollinger.hpp"
#include "robo/features/feature_engine.hpp"
#include "robo/features/feature_set.hpp"

using namespace robo;
using namespace robo::features;

namespace {

// ---- the TA-Lib peer's synthetic series, bit for bit --------------------------------------
struct Series {
    std::vector<double> close, high, low, volume;  // one array per field, as TA-Lib takes them
    std::vector<Ohlcv> bars;
};

Series peer_series(int n, unsigned long long seed = 42) {
    unsigned long long state = seed;
    auto next = [&] {
        unsigned long long z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    auto unit = [&] { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); };
    auto gauss = [&] {
        double u1 = unit(), u2 = unit();
        if (u1 < 1e-300) u1 = 1e-300;
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    };
    Series s;
    s.close.reserve(static_cast<size_t>(n));
    s.bars.reserve(static_cast<size_t>(n));
    double prev = 100.0;
    for (int i = 0; i < n; ++i) {
        const double o = prev * (1.0 + 0.002 * gauss());
        const double c = o * std::exp(0.01 * gauss() - 0.001 * std::log(o / 100.0));
        const double top = std::max(o, c), bot = std::min(o, c);
        const double hi = top * (1.0 + 0.005 * std::fabs(gauss()));
        const double lo = bot * (1.0 - 0.005 * std::fabs(gauss()));
        const double vo = std::floor(1e6 * (0.5 + unit()));
        s.close.push_back(c);
        s.high.push_back(hi);
        s.low.push_back(lo);
        s.volume.push_back(vo);
        s.bars.push_back(Ohlcv{o, hi, lo, c, vo, i / 78});  // 78 five-minute bars per session
        prev = c;
    }
    return s;
}

const Series& million() {
    static const Series s = peer_series(1'000'000);
    return s;
}

double last_value(const std::optional<MacdValue>& v) { return v ? v->line : NAN; }
double last_value(const std::optional<BollingerValue>& v) { return v ? v->upper : NAN; }

// ---- 2. batch throughput -------------------------------------------------------------------
// Single-output indicators write a double array (NaN in the warm-up), as TA-Lib writes its
// outputs; Bollinger writes TA-Lib's three arrays (and, in _AllFive, its optional structs
// with %B and bandwidth); MACD writes its optional structs.
//
// Times `run()` once per iteration and reports the fastest as best_mbars_per_s over n bars
// (the statistic the TA-Lib peer reports, best of REPS) and `last` (compare with the
// peer's "last").
template <class Run, class Last>
void time_best(benchmark::State& state, size_t n, Run&& run, Last&& last) {
    double best_ms = 1e300;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        run();
        benchmark::ClobberMemory();
        best_ms = std::min(
            best_ms,
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
    state.counters["best_mbars_per_s"] = static_cast<double>(n) / best_ms / 1e3;
    state.counters["last"] = last();
}

template <class Indicator, class Input>
void run_batch(benchmark::State& state, const Indicator& fresh, const std::vector<Input>& inputs) {
    using Result = UpdateResult<Indicator, Input>;
    constexpr bool single = std::is_same_v<Result, std::optional<double>>;
    std::vector<std::conditional_t<single, double, Result>> out(inputs.size());
    auto run = [&] {
        Indicator ind = fresh;
        if constexpr (single)
            batch_values_into(ind, std::span<const Input>(inputs), std::span(out));
        else
            batch_into(ind, std::span<const Input>(inputs), std::span(out));
        benchmark::DoNotOptimize(out.data());
    };
    time_best(state, inputs.size(), run, [&] {
        if constexpr (single)
            return out.back();
        else
            return last_value(out.back());
    });
}

// ATR and OBV over one array per field (batch_columns_into), and Bollinger into TA-Lib's
// three output arrays (batch_bands_into): the inputs and outputs TA-Lib's calls have.
template <class Indicator, class... Columns>
void run_columns(benchmark::State& state, const Indicator& fresh, const Columns&... columns) {
    std::vector<double> out(million().close.size());
    auto run = [&] {
        Indicator ind = fresh;
        batch_columns_into(ind, std::span(out), std::span<const double>(columns)...);
        benchmark::DoNotOptimize(out.data());
    };
    time_best(state, out.size(), run, [&] { return out.back(); });
}

void run_bands(benchmark::State& state, const Bollinger& fresh) {
    const auto& closes = million().close;
    std::vector<double> upper(closes.size()), middle(closes.size()), lower(closes.size());
    auto run = [&] {
        Bollinger bands = fresh;
        batch_bands_into(bands, std::span(closes), std::span(upper), std::span(middle), std::span(lower));
        benchmark::DoNotOptimize(upper.data());
        benchmark::DoNotOptimize(middle.data());
        benchmark::DoNotOptimize(lower.data());
    };
    time_best(state, closes.size(), run, [&] { return upper.back(); });
}

void BM_Batch1M_RSI14(benchmark::State& s) { run_batch(s, Rsi(14), million().close); }
void BM_Batch1M_MACD12_26_9(benchmark::State& s) { run_batch(s, Macd(12, 26, 9), million().close); }
void BM_Batch1M_BBANDS20_2(benchmark::State& s) { run_bands(s, Bollinger(20, 2.0)); }
void BM_Batch1M_ATR14(benchmark::State& s) {
    run_columns(s, Atr(14), million().high, million().low, million().close);
}
void BM_Batch1M_OBV(benchmark::State& s) { run_columns(s, Obv(), million().close, million().volume); }
// The same three over whole 48-byte bars (five fields and the session), for comparison: the
// layout the feature engine feeds them.
void BM_Batch1M_BBANDS20_2_AllFive(benchmark::State& s) { run_batch(s, Bollinger(20, 2.0), million().close); }
void BM_Batch1M_ATR14_Bars(benchmark::State& s) { run_batch(s, Atr(14), million().bars); }
void BM_Batch1M_OBV_Bars(benchmark::State& s) { run_batch(s, Obv(), million().bars); }
void BM_Batch1M_SMA20(benchmark::State& s) { run_batch(s, Sma(20), million().close); }
void BM_Batch1M_EMA20(benchmark::State& s) { run_batch(s, Ema(20), million().close); }
void BM_Batch1M_VWAPSession(benchmark::State& s) { run_batch(s, Vwap(), million().bars); }
void BM_Batch1M_VWAPRolling20(benchmark::State& s) { run_batch(s, RollingVwap(20), million().bars); }
void BM_Batch1M_STDDEV20(benchmark::State& s) { run_batch(s, RollingStd(20), million().close); }
void BM_Batch1M_ZSCORE20(benchmark::State& s) { run_batch(s, ZScore(20), million().close); }
void BM_Batch1M_RETURNS1(benchmark::State& s) { run_batch(s, Returns(1), million().close); }
BENCHMARK(BM_Batch1M_RSI14)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_MACD12_26_9)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_BBANDS20_2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_ATR14)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_OBV)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_SMA20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_EMA20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_BBANDS20_2_AllFive)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_ATR14_Bars)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_OBV_Bars)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_VWAPSession)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_VWAPRolling20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_STDDEV20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_ZSCORE20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Batch1M_RETURNS1)->Unit(benchmark::kMillisecond);

// ---- 1. one new bar, full default feature set ------------------------------------------------
// Each iteration times one update with steady_clock; median and p99 come from those
// latencies (clock_overhead_ns, an empty timed region, is included in them and shown so it
// can be subtracted).
template <class Update>
void per_bar_latency(benchmark::State& state, Update&& update) {
    const auto& bars = million().bars;
    std::vector<double> ns;
    ns.reserve(1 << 21);
    std::vector<double> overhead;
    size_t i = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        update(bars[i]);
        const auto t1 = std::chrono::steady_clock::now();
        if (ns.size() < ns.capacity())
            ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
        if (++i == bars.size()) i = 0;
    }
    for (int k = 0; k < 100000; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto t1 = std::chrono::steady_clock::now();
        overhead.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    }
    auto pct = [](std::vector<double>& v, double p) {
        if (v.empty()) return 0.0;
        const auto k = static_cast<size_t>(p * static_cast<double>(v.size() - 1));
        std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
        return v[k];
    };
    state.counters["median_ns"] = pct(ns, 0.5);
    state.counters["p99_ns"] = pct(ns, 0.99);
    state.counters["clock_overhead_ns"] = pct(overhead, 0.5);
}

void BM_PerBar_DefaultFeatureSet(benchmark::State& state) {
    FeatureSet set(parse_feature_spec(kDefaultFeatureSpec, {Timeframe::m5}));
    for (int k = 0; k < 100; ++k) set.update(million().bars[static_cast<size_t>(k)]);  // past warm-up
    per_bar_latency(state, [&](const Ohlcv& b) {
        set.update(b);
        benchmark::DoNotOptimize(set.values().data());
    });
}
BENCHMARK(BM_PerBar_DefaultFeatureSet);

// The whole engine path for a closed bar: symbol lookup, Price -> double, session day,
// every indicator, and the snapshot callback.
void BM_PerBar_EngineOnBar(benchmark::State& state) {
    double sink = 0;
    FeatureEngine engine(FeatureEngineConfig{std::string(kDefaultFeatureSpec), {Timeframe::m5}},
                         [&](const FeatureSnapshot& s) { sink += s.features.values()[0]; });
    const Symbol sym("AAPL");
    int64_t k = 0;
    const Timestamp t0 = from_civil(2024, 1, 2, 14, 30);
    per_bar_latency(state, [&](const Ohlcv& b) {
        const Bar bar{sym,
                      Timeframe::m5,
                      t0 + std::chrono::minutes(5 * k++),
                      Price::from_raw(static_cast<int64_t>(b.open * 1e8)),
                      Price::from_raw(static_cast<int64_t>(b.high * 1e8)),
                      Price::from_raw(static_cast<int64_t>(b.low * 1e8)),
                      Price::from_raw(static_cast<int64_t>(b.close * 1e8)),
                      Quantity::from_raw(static_cast<int64_t>(b.volume * 1e4)),
                      false};
        engine.on_bar(bar);
    });
    benchmark::DoNotOptimize(sink);
    if (engine.rejected()) state.SkipWithError(engine.last_error().c_str());
}
BENCHMARK(BM_PerBar_EngineOnBar);

// ---- 3. 500 symbols, every tick -----------------------------------------------------------------
// Ticks rotate over 500 symbols, 2 ms apart (each symbol trades once a second), through each
// symbol's bar builder into the default feature set. Two configurations: features on 1m and
// 5m bars; and on all nine timeframes, where each symbol's tick also closes its 1s bar, so
// nearly every tick runs a full feature-set update.
void engine_500(benchmark::State& state, std::vector<Timeframe> timeframes) {
    constexpr int kSymbols = 500;
    std::vector<Symbol> symbols;
    for (int i = 0; i < kSymbols; ++i) symbols.emplace_back(fmt::format("S{}", i));
    size_t snapshots = 0;
    FeatureEngine engine(FeatureEngineConfig{std::string(kDefaultFeatureSpec), std::move(timeframes)},
                         [&](const FeatureSnapshot&) { ++snapshots; });
    const auto& closes = million().close;
    const Timestamp t0 = from_civil(2024, 1, 2, 14, 30);  // 09:30 New York
    int64_t k = 0;
    for (auto _ : state) {
        const auto sym = static_cast<size_t>(k % kSymbols);
        const double price = closes[static_cast<size_t>(k / kSymbols) % closes.size()] *
                             (1 + 0.001 * static_cast<double>(sym));
        const Tick tick{symbols[sym], t0 + std::chrono::milliseconds(2 * k),
                        Price::from_raw(static_cast<int64_t>(price * 1e4) * 10'000),
                        Quantity::from_units(100)};
        benchmark::DoNotOptimize(engine.on_tick(tick));
        ++k;
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["bar_snapshots_per_tick"] = static_cast<double>(snapshots) / static_cast<double>(k);
    if (engine.rejected()) state.SkipWithError(engine.last_error().c_str());
}

void BM_Engine500Symbols_PerTick_1m5m(benchmark::State& state) {
    engine_500(state, {Timeframe::m1, Timeframe::m5});
}
void BM_Engine500Symbols_PerTick_AllTimeframes(benchmark::State& state) {
    engine_500(state, {Timeframe::s1, Timeframe::s5, Timeframe::m1, Timeframe::m5, Timeframe::m15,
                       Timeframe::m30, Timeframe::h1, Timeframe::day, Timeframe::session});
}
BENCHMARK(BM_Engine500Symbols_PerTick_1m5m);
BENCHMARK(BM_Engine500Symbols_PerTick_AllTimeframes);

}  // namespace

BENCHMARK_MAIN();
