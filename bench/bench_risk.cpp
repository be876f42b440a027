// bench/bench_risk.cpp — how fast is the risk layer?
//
//   * one pre-trade check against 50 positions with the correlation check live: evaluate()
//     (the checks alone) and check() (plus the audit record, to a sink that discards it);
//     the Latency variant times each call and reports p50/p99/max in ns as counters;
//   * the correlation matrix for 50 and 500 symbols (window 60): full (rebuild the sums
//     from the window and produce the matrix), incremental (one new bar for every symbol),
//     and incremental followed by the matrix.
// Data: deterministic synthetic random walks with a common market factor.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "robo/risk/correlation.hpp"
#include "robo/risk/risk_gate.hpp"

namespace {

using namespace robo;
using namespace robo::risk;

// Discards records: the gate's cost without a file's. The compact record is built, as
// the audit trail's caller builds it; rendering it is the trail's writer thread's work.
class NullAudit final : public log::AuditSink {
public:
    void record(std::string_view, const nlohmann::json&) override {}
    void record(const log::CompactRecord&) override {}
};

Symbol sym(int i) { return Symbol(fmt::format("S{:03d}", i)); }
Timestamp day(int i) { return from_civil(2024, 1, 2) + std::chrono::hours(24) * i; }

// n symbols, `rows` closes each, aligned by day; returns the next day index.
int feed(CorrelationTracker& t, int n, int first_row, int rows, std::mt19937_64& rng) {
    std::normal_distribution<double> d(0, 0.01);
    static std::vector<double> price;
    if (price.size() < static_cast<size_t>(n)) price.resize(static_cast<size_t>(n), 100.0);
    for (int r = first_row; r < first_row + rows; ++r) {
        const double market = d(rng);
        for (int i = 0; i < n; ++i) {
            auto& p = price[static_cast<size_t>(i)];
            p *= 1 + 0.5 * market + d(rng);
            t.on_close(sym(i), day(r), p);
        }
    }
    t.flush();
    return first_row + rows;
}

struct GateFixture {
    GateFixture()
        : ks({}, audit),
          gate(
              limits(), sectors(), [](Timestamp) { return true; }, ks, audit, &tracker) {
        std::mt19937_64 rng(1);
        feed(tracker, 51, 0, 61, rng);  // 50 holdings + the symbol to buy, 60 returns each
        for (int i = 0; i < 50; ++i) {
            Price p = Price::from_units(50 + i);
            portfolio.fill(sym(i), Side::buy, Quantity::from_units(20), p, Price::from_units(45 + i));
            gate.update_market(sym(i), p, now, 5e6);
        }
        portfolio.new_day();
        gate.update_market(sym(50), Price::from_units(100), now, 5e6);
        order.client_id = "bench-1";
        order.symbol = sym(50);
        order.side = Side::buy;
        order.quantity = Quantity::from_units(10);
        order.protective_stop = Price::from_units(97);
    }
    static RiskLimits limits() {
        RiskLimits l;
        l.max_position_pct = 0.05;
        l.max_open_positions = 100;
        l.max_sector_exposure = 1.0;
        l.correlation_limit = 0.95;  // live, but the synthetic factor model stays below it
        l.max_quote_age_seconds = 1e9;
        l.max_daily_notional = Money::from_units(10'000'000);
        return l;
    }
    static SectorMap sectors() {
        SectorMap m;
        for (int i = 0; i < 51; ++i) m.assign(sym(i), fmt::format("Sector{}", i % 11));
        return m;
    }
    NullAudit audit;
    KillSwitch ks;
    CorrelationTracker tracker;
    RiskGate gate;
    MemoryPortfolio portfolio{Money::from_units(1'000'000)};
    Order order;
    Timestamp now = day(61);
};

// How long does one pre-trade check take against a realistic portfolio (checks only)?
void BM_RiskGate_Evaluate_50Positions(benchmark::State& state) {
    GateFixture f;
    if (!f.gate.evaluate(f.order, f.portfolio, f.now).accepted()) state.SkipWithError("order not accepted");
    for (auto _ : state) benchmark::DoNotOptimize(f.gate.evaluate(f.order, f.portfolio, f.now));
}
BENCHMARK(BM_RiskGate_Evaluate_50Positions);

// The same through check(): checks, rate bookkeeping and the audit record built.
void BM_RiskGate_Check_50Positions(benchmark::State& state) {
    GateFixture f;
    for (auto _ : state) {
        f.now += std::chrono::seconds(2);  // stays under the order-rate limit
        auto v = f.gate.check(f.order, f.portfolio, f.now);
        if (v.rejected()) {
            state.SkipWithError(v.violation().describe().c_str());
            break;
        }
        benchmark::DoNotOptimize(v);
    }
}
BENCHMARK(BM_RiskGate_Check_50Positions);

// Per-call latency distribution: p50, p99 and max in nanoseconds (wall clock per call).
template <bool WithAudit>
void BM_RiskGate_Latency_50Positions(benchmark::State& state) {
    GateFixture f;
    std::vector<double> ns;
    ns.reserve(1 << 20);
    for (auto _ : state) {
        f.now += std::chrono::seconds(2);
        auto t0 = std::chrono::steady_clock::now();
        auto v = WithAudit ? f.gate.check(f.order, f.portfolio, f.now)
                           : f.gate.evaluate(f.order, f.portfolio, f.now);
        auto t1 = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(v);
        if (ns.size() < ns.capacity())
            ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    }
    if (ns.empty()) return;
    std::sort(ns.begin(), ns.end());
    auto pct = [&](double p) { return ns[static_cast<size_t>(p * static_cast<double>(ns.size() - 1))]; };
    state.counters["p50_ns"] = pct(0.50);
    state.counters["p99_ns"] = pct(0.99);
    state.counters["max_ns"] = ns.back();
}
void BM_RiskGate_Evaluate_50Positions_Latency(benchmark::State& s) {
    BM_RiskGate_Latency_50Positions<false>(s);
}
void BM_RiskGate_Check_50Positions_Latency(benchmark::State& s) { BM_RiskGate_Latency_50Positions<true>(s); }
BENCHMARK(BM_RiskGate_Evaluate_50Positions_Latency);
BENCHMARK(BM_RiskGate_Check_50Positions_Latency);

// The full correlation matrix from the window: rebuild every pairwise sum, then the matrix.
void BM_Correlation_Full(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    CorrelationTracker t;
    std::mt19937_64 rng(2);
    feed(t, n, 0, 61, rng);
    for (auto _ : state) {
        t.rebuild();
        benchmark::DoNotOptimize(t.matrix());
    }
    state.counters["symbols"] = n;
}
BENCHMARK(BM_Correlation_Full)->Arg(50)->Arg(500)->Unit(benchmark::kMicrosecond);

// One new bar for every symbol: the running sums updated (add one row, drop the oldest).
void BM_Correlation_Incremental(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    CorrelationTracker t;
    std::mt19937_64 rng(3);
    int next = feed(t, n, 0, 61, rng);
    for (auto _ : state) next = feed(t, n, next, 1, rng);
    state.counters["symbols"] = n;
}
BENCHMARK(BM_Correlation_Incremental)->Arg(50)->Arg(500)->Unit(benchmark::kMicrosecond);

// A new bar and then the whole matrix, as a naive per-bar tracker would deliver it.
void BM_Correlation_IncrementalThenMatrix(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    CorrelationTracker t;
    std::mt19937_64 rng(4);
    int next = feed(t, n, 0, 61, rng);
    for (auto _ : state) {
        next = feed(t, n, next, 1, rng);
        benchmark::DoNotOptimize(t.matrix());
    }
    state.counters["symbols"] = n;
}
BENCHMARK(BM_Correlation_IncrementalThenMatrix)->Arg(50)->Arg(500)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
