// bench/bench_store.cpp — how many trade prints per second does the store make durable
// through its Writer (queue, writer thread, batches), next to the best a bare SQLite loop
// does on the same schema (one prepared statement, one transaction), in the same run?
//
// Both write into a fresh database with the store's own pragmas (WAL, synchronous=NORMAL)
// and its ticks table; the Writer's time includes the final flush, so every row counted
// is committed. Eight symbols, prices and sizes varying, time strictly increasing.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <time.h>

#include <array>
#include <filesystem>

#include "robo/store/writer.hpp"

using namespace robo;
using namespace robo::store;

namespace {

const std::array<Symbol, 8> symbols = {Symbol("AAPL"),  Symbol("MSFT"), Symbol("NVDA"), Symbol("AMZN"),
                                       Symbol("GOOGL"), Symbol("META"), Symbol("TSLA"), Symbol("BRK B")};

TickRecord tick(int64_t i) {
    return {Tick{symbols[static_cast<size_t>(i) % symbols.size()],
                 from_unix_nanos(1'700'000'000'000'000'000 + i * 1000),
                 Price::from_raw(18'937'000'000 + (i % 977) * 1'000'000),
                 Quantity::from_raw((1 + i % 300) * 10'000)},
            0};
}

std::filesystem::path fresh_db(const char* name) {
    auto dir = std::filesystem::temp_directory_path() / ("robo_bench_store_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = dir / name;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path;
}

// CPU seconds of the whole process (every thread): the machine running the benchmarks is
// shared, so wall time measures the neighbours as much as the code; rows per CPU second
// shows what the code costs, the writer thread and the producer together.
double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void remove_db(const std::filesystem::path& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

}  // namespace

// The ceiling: one connection, one prepared statement, one transaction, no queue.
static void BM_BareSqliteLoop_TickInsert(benchmark::State& state) {
    const int64_t n = state.range(0);
    double cpu = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto path = fresh_db("bare.db");
        {
            auto db = open_for_writing(path);
            Statement insert(db,
                             "INSERT INTO ticks (symbol, time_ns, seq, price_e8, size_e4) VALUES (?,?,?,?,?) "
                             "ON CONFLICT DO NOTHING");
            state.ResumeTiming();
            double cpu0 = process_cpu_seconds();
            db.exec("BEGIN IMMEDIATE");
            for (int64_t i = 0; i < n; ++i) {
                TickRecord r = tick(i);
                insert.bind_view(1, r.tick.symbol.view()).bind(2, unix_nanos(r.tick.time)).bind(3, r.seq);
                insert.bind(4, r.tick.price.raw()).bind(5, r.tick.size.raw());
                insert.run();
            }
            db.exec("COMMIT");
            cpu += process_cpu_seconds() - cpu0;
            state.PauseTiming();
        }
        remove_db(path);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * n);
    state.counters["rows_per_cpu_s"] = static_cast<double>(state.iterations() * n) / cpu;
}
BENCHMARK(BM_BareSqliteLoop_TickInsert)->Arg(500'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The store's path: submit from this thread, written and committed by the writer thread
// in batches; timed until the last row is committed.
static void BM_Writer_TickInsert(benchmark::State& state) {
    const int64_t n = state.range(0);
    double cpu = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto path = fresh_db("writer.db");
        {
            WriterOptions options;
            options.block_timeout = std::chrono::minutes(10);  // a full queue waits (valgrind runs it too)
            Writer w(path, options);
            state.ResumeTiming();
            double cpu0 = process_cpu_seconds();
            bool ok = true;
            for (int64_t i = 0; i < n && ok; ++i) ok = w.submit(tick(i)).ok();
            ok = ok && w.flush(std::chrono::minutes(10));  // generous: valgrind runs it too
            cpu += process_cpu_seconds() - cpu0;
            if (!ok) {
                state.SkipWithError("submit refused or flush failed");
                break;  // the library forbids PauseTiming after an error
            }
            state.PauseTiming();
            w.close();
        }
        remove_db(path);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * n);
    state.counters["rows_per_cpu_s"] = static_cast<double>(state.iterations() * n) / cpu;
}
BENCHMARK(BM_Writer_TickInsert)->Arg(500'000)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
