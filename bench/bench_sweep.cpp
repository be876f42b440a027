// How many backtests per second does a sweep run, on one and on two threads, and what does
// one run inside a sweep cost next to one `backtest`?
//
// The grid: sma_crossover fast=5..50:5 x slow=60..150:10, 100 runs over the 60 shared daily
// symbols (5 years, about 75 k bars a run), each run planned by session::plan_session and
// built by the session builder exactly as `robo_trader sweep` does (the gate, sizing, costs
// and default features of `backtest`), the data read and checked once. Items are runs:
// items_per_second is runs per second; "bars/s" counts every run's bars.
// "runs/cpu_s": runs per second of the whole process's CPU time (every thread), which a busy
// shared machine disturbs less than wall time: at 2 threads it falls below the 1-thread value
// only as far as the threads get in each other's way.
// "kept_bytes/run": heap the returned rows hold per run (in use with them minus in use once
// they are freed): the digests and the best five curves, what grows with the runs.
// BM_Backtest: one `backtest` as the command does it, the files read and checked and the
// outputs (trades, fills, equity, report, summary, audit trail) written.
#include <benchmark/benchmark.h>

#include <malloc.h>

// jemalloc's control interface, when the program is linked with it.
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen)
    __attribute__((weak));
#include <sys/resource.h>

#include <filesystem>
#include <sstream>

#include "robo/log/log.hpp"
#include "robo/research/shared_data.hpp"
#include "robo/research/sweep.hpp"
#include "robo/session/builder.hpp"

using namespace robo;

namespace {
// Bytes the program holds on the heap. The benchmarks run on the process allocator
// (jemalloc, CMake's robo_allocator), whose count mallctl gives after an epoch refresh;
// glibc's mallinfo2 when jemalloc is not linked (mallctl is declared weak for that).
size_t heap_in_use() {
    if (mallctl != nullptr) {
        uint64_t epoch = 1;
        size_t allocated = 0, len = sizeof allocated, epoch_len = sizeof epoch;
        if (mallctl("epoch", &epoch, &epoch_len, &epoch, epoch_len) == 0 &&
            mallctl("stats.allocated", &allocated, &len, nullptr, 0) == 0)
            return allocated;
    }
    return mallinfo2().uordblks;
}

std::filesystem::path shared_daily() {
    return std::filesystem::path(ROBO_SOURCE_DIR).parent_path() / "shared" / "data" / "daily";
}

config::LoadResult quiet_config() {
    log::LogOptions lo;
    // As `robo_trader sweep` (research::configure_research_log): the runs log nothing unless
    // LOG_LEVEL is set. At warn, each run's ~270 daily-loss trips and resets (three events
    // each) were redacted and formatted on the log thread, 15% of the process's CPU.
    lo.level = log::Level::off;
    lo.line_sink = [](std::string_view) {};
    log::configure(lo);
    config::LoadOptions options;
    options.environment = {};
    return config::load(options);
}

double process_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

research::SweepRequest grid_request(unsigned jobs) {
    research::SweepRequest r;
    r.base.data = shared_daily().string();
    r.grids = {"sma_crossover:fast=5..50:5,slow=60..150:10"};
    r.jobs = jobs;
    return r;
}

void BM_Sweep100Runs(benchmark::State& state) {
    if (!std::filesystem::exists(shared_daily())) {
        state.SkipWithError("shared data not found next to the repository (../shared/data/daily)");
        return;
    }
    const auto config = quiet_config();
    research::Sweep sweep(config, grid_request(unsigned(state.range(0))));
    const double bars = double(sweep.data().first().bars);  // read once, outside the timing
    size_t runs = 0;
    double kept_per_run = 0;
    const double cpu_before = process_cpu_seconds();
    for (auto _ : state) {
        size_t with_rows = 0, n = 0;
        {
            auto rows = sweep.run();
            benchmark::DoNotOptimize(rows.data());
            with_rows = heap_in_use();
            n = rows.size();
        }
        // What the rows held: the heap in use with them minus the heap once they are gone.
        kept_per_run = (double(with_rows) - double(heap_in_use())) / double(n);
        runs += n;
    }
    state.counters["kept_bytes/run"] = kept_per_run;
    state.SetItemsProcessed(int64_t(runs));
    state.counters["runs/cpu_s"] = double(runs) / (process_cpu_seconds() - cpu_before);
    state.counters["bars/s"] = benchmark::Counter(double(runs) * bars, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Sweep100Runs)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);

void BM_Backtest(benchmark::State& state) {
    if (!std::filesystem::exists(shared_daily())) {
        state.SkipWithError("shared data not found next to the repository (../shared/data/daily)");
        return;
    }
    const auto config = quiet_config();
    session::SessionRequest r;
    r.data = shared_daily().string();
    r.strategies = {"sma_crossover:fast=20,slow=100"};
    r.out = (std::filesystem::temp_directory_path() / "robo_bench_sweep_backtest").string();
    for (auto _ : state) {
        session::SessionBuilder b(session::plan_session(config, r));  // reads the files
        std::ostringstream sink;
        b.assemble(sink);
        benchmark::DoNotOptimize(b.run(sink));
    }
    std::filesystem::remove_all(r.out);
}
BENCHMARK(BM_Backtest)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);

}  // namespace

BENCHMARK_MAIN();
