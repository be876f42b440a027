// How many rows per second do the market-data readers parse (data/files)?
//
//  * the largest shared file, ../shared/data/intraday/index-future-2006-1min.csv (30,889
//    one-minute bars, CRLF, short header): skipped with a message when absent;
//  * a generated 1,000,000-row one-minute file (about 694 days of 24-hour minutes) in the
//    same layout, written once to a temp folder;
//  * a generated daily file (daily_ohlcv_name layout, with the sources' float-noise
//    prices): a million distinct days do not fit in a nanosecond Timestamp (1678-2262), so
//    it holds every calendar day from 1800-01-01 to 2199-12-31, 146,097 rows.
// Each iteration reads the whole file from disk (page cache) and builds every Bar;
// items/s is rows per second.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <date/date.h>

#include "robo/data/files/readers.hpp"

namespace fs = std::filesystem;
using namespace robo;
using namespace robo::data;

namespace {

fs::path shared_data_dir() {
    if (const char* env = std::getenv("ROBO_SHARED_DATA")) return env;
    return fs::path(ROBO_SOURCE_DIR).parent_path() / "shared" / "data";
}

// A temp folder removed at exit, holding the generated files.
struct TempFolder {
    fs::path path = fs::temp_directory_path() / ("robo_bench_csv_" + std::to_string(::getpid()));
    TempFolder() { fs::create_directories(path); }
    ~TempFolder() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};
TempFolder& temp() {
    static TempFolder folder;
    return folder;
}

// A deterministic random walk around 100 (xorshift), printed as the sources print floats.
struct Walk {
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    double price = 100;
    double next_unit() {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        return static_cast<double>(state >> 11) / 9007199254740992.0;  // [0, 1)
    }
    void step() { price = std::max(1.0, price * (1 + (next_unit() - 0.5) * 0.02) + (100 - price) * 0.001); }
};
std::string noisy(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", static_cast<double>(static_cast<float>(v)));
    return buf;
}

fs::path generated_minutes() {
    static const fs::path path = [] {
        fs::path p = temp().path / "generated-1min.csv";
        std::ofstream out(p, std::ios::binary);
        out << "Date,Open,High,Low,Close,Volume,OpenInterest\r\n";
        Walk w;
        auto day = date::sys_days{date::year{2006} / 1 / 2};
        for (int i = 0; i < 1'000'000; ++i) {
            int minute_of_day = i % 1440;
            if (i > 0 && minute_of_day == 0) day += date::days{1};
            double open = w.price;
            w.step();
            double close = w.price, high = std::max(open, close) * 1.001, low = std::min(open, close) * 0.999;
            char line[160];
            std::snprintf(line, sizeof line, "%s,%02d:%02d:00,%.2f,%.2f,%.2f,%.2f,%d,0\r\n",
                          date::format("%F", day).c_str(), minute_of_day / 60, minute_of_day % 60, open, high,
                          low, close, 100 + i % 5000);
            out << line;
        }
        return p;
    }();
    return path;
}

fs::path generated_daily() {
    static const fs::path path = [] {
        fs::path p = temp().path / "GEN.csv";
        std::ofstream out(p, std::ios::binary);
        out << "Date,High,Low,Open,Close,Volume,Adj Close,Name\n";
        Walk w;
        for (auto day = date::sys_days{date::year{1800} / 1 / 1};
             day <= date::sys_days{date::year{2199} / 12 / 31}; day += date::days{1}) {
            double open = w.price;
            w.step();
            double close = w.price, high = std::max(open, close) * 1.001, low = std::min(open, close) * 0.999;
            out << date::format("%F", day) << ',' << noisy(high) << ',' << noisy(low) << ',' << noisy(open)
                << ',' << noisy(close) << ',' << 1000000 + static_cast<int>(w.next_unit() * 1e6) << ".0,"
                << noisy(close * 0.9) << ",GEN\n";
        }
        return p;
    }();
    return path;
}

void read_bars(benchmark::State& state, const fs::path& path, const ReadOptions& options = {}) {
    size_t rows = 0;
    for (auto _ : state) {
        auto file = read_bar_file(path, options);
        if (!file.rejected.empty()) {
            state.SkipWithError(("unexpected rejected row: " + to_string(file.rejected.front())).c_str());
            return;
        }
        rows = file.rows_read;
        benchmark::DoNotOptimize(file.bars.data());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
    state.counters["rows"] = static_cast<double>(rows);
    state.counters["MB"] = static_cast<double>(fs::file_size(path)) / 1e6;
}

}  // namespace

// The largest shared file: real one-minute bars.
static void BM_ReadBars_SharedIndexFuture1Min(benchmark::State& state) {
    fs::path path = shared_data_dir() / "intraday" / "index-future-2006-1min.csv";
    if (!fs::exists(path)) {
        state.SkipWithError(
            ("shared data not found at " + path.string() + " (set ROBO_SHARED_DATA)").c_str());
        return;
    }
    read_bars(state, path);
}
BENCHMARK(BM_ReadBars_SharedIndexFuture1Min)->Unit(benchmark::kMillisecond);

// A million one-minute bars in the shared file's layout.
static void BM_ReadBars_Generated1Min_1M(benchmark::State& state) {
    ReadOptions options;
    options.timeframe = Timeframe::m1;
    options.time_zone = "UTC";  // 24-hour minutes: no DST gap to quarantine
    read_bars(state, generated_minutes(), options);
}
BENCHMARK(BM_ReadBars_Generated1Min_1M)->Unit(benchmark::kMillisecond);

// Four centuries of daily bars with float-noise prices (8 columns, 8-decimal rounding).
static void BM_ReadBars_GeneratedDaily_146k(benchmark::State& state) { read_bars(state, generated_daily()); }
BENCHMARK(BM_ReadBars_GeneratedDaily_146k)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
