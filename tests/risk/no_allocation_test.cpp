// An accepted check allocates nothing on the caller's thread once warmed up: not in the
// checks, not in the rate bookkeeping, not in its audit record, which goes to a real audit
// trail (FsyncPolicy::none, as in backtests) whose writer thread renders it.
//
// This file replaces the global operator new for the whole test_risk program; it counts
// only while a thread has armed its own counter, so other tests and threads are unaffected.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cstdlib>
#include <new>
#include <nlohmann/json.hpp>
#include <random>

#include "robo/log/audit_trail.hpp"
#include "robo/risk/risk_gate.hpp"

// AddressSanitizer brings its own operator new and delete, and reports memory its operator new
// gave out and this file's operator delete freed (alloc-dealloc-mismatch). Under it the
// counting operators are not installed and the tests that need them are skipped; the release
// build (make test) runs them.
#if defined(__SANITIZE_ADDRESS__)
#define ROBO_COUNTING_NEW 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ROBO_COUNTING_NEW 0
#endif
#endif
#ifndef ROBO_COUNTING_NEW
#define ROBO_COUNTING_NEW 1
#endif

namespace {

thread_local bool counting = false;
thread_local long allocations = 0;

#if ROBO_COUNTING_NEW
void* counted(std::size_t size, std::size_t align = 0) {
    if (counting) ++allocations;
    void* p = align > alignof(std::max_align_t)
                  ? std::aligned_alloc(align, (size + align - 1) / align * align)
                  : std::malloc(size == 0 ? 1 : size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
}
#endif

// Allocations made by this thread while `f` runs.
template <class F>
long allocations_during(F&& f) {
    allocations = 0;
    counting = true;
    f();
    counting = false;
    return allocations;
}

}  // namespace

#if ROBO_COUNTING_NEW
void* operator new(std::size_t size) { return counted(size); }
void* operator new[](std::size_t size) { return counted(size); }
void* operator new(std::size_t size, std::align_val_t align) {
    return counted(size, static_cast<std::size_t>(align));
}
void* operator new[](std::size_t size, std::align_val_t align) {
    return counted(size, static_cast<std::size_t>(align));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
#endif

namespace robo::risk {
namespace {

Symbol sym(int i) { return Symbol(fmt::format("S{:03d}", i)); }

// A gate as a backtest runs it: the NYSE calendar, the daily-trade count on, correlation
// live, 50 holdings with stops, and its verdicts on an audit trail file.
struct Backtest {
    Backtest()
        : file(fresh_file()),
          trail(file, log::FsyncPolicy::none),
          kill_switch({}, trail),
          gate(limits(), sectors(), nyse_regular_hours(), kill_switch, trail, &tracker) {
        std::mt19937_64 rng(1);
        std::normal_distribution<double> move(0, 0.01);
        std::vector<double> close(51, 100.0);
        for (int day = 0; day < 61; ++day) {
            const double market = move(rng);
            for (int i = 0; i <= 50; ++i) {
                close[static_cast<std::size_t>(i)] *= 1 + 0.5 * market + move(rng);
                tracker.on_close(sym(i), from_civil(2024, 1, 2) + std::chrono::hours(24) * day,
                                 close[static_cast<std::size_t>(i)]);
            }
        }
        tracker.flush();
        for (int i = 0; i < 50; ++i) {
            const Price p = Price::from_units(50 + i);
            portfolio.fill(sym(i), Side::buy, Quantity::from_units(20), p, Price::from_units(45 + i));
            gate.update_market(sym(i), p, now, 5e6);
        }
        portfolio.new_day();
        gate.update_market(sym(50), Price::from_units(100), now, 5e6);
        order.client_id = "bt-AAPL-000001";
        order.symbol = sym(50);
        order.side = Side::buy;
        order.type = OrderType::limit;
        order.limit = Price::parse("100.25");
        order.quantity = Quantity::from_units(10);
        order.protective_stop = Price::from_units(97);
        order.strategy = "sma_crossover";
    }
    ~Backtest() { std::filesystem::remove(file); }
    static std::filesystem::path fresh_file() {
        auto f = std::filesystem::temp_directory_path() / fmt::format("robo-noalloc-{}.jsonl", ::getpid());
        std::filesystem::remove(f);
        return f;
    }
    static RiskLimits limits() {
        RiskLimits l;
        l.max_position_pct = 0.05;
        l.max_open_positions = 100;
        l.max_sector_exposure = 1.0;
        l.correlation_limit = 0.95;  // live; the factor model stays below it
        l.max_quote_age_seconds = 1e9;
        l.max_daily_notional = Money::from_units(10'000'000);
        l.max_daily_trades = 1'000'000;
        return l;
    }
    static SectorMap sectors() {
        SectorMap m;
        for (int i = 0; i <= 50; ++i) m.assign(sym(i), fmt::format("Sector{}", i % 11));
        return m;
    }
    // The next order, two seconds later (under the rate limit), accepted.
    void accept_one() {
        now += std::chrono::seconds(2);
        const Verdict v = gate.check(order, portfolio, now);
        if (v.rejected()) throw std::runtime_error(v.violation().describe());
    }
    std::filesystem::path file;
    log::AuditTrail trail;
    KillSwitch kill_switch;
    CorrelationTracker tracker;
    RiskGate gate;
    MemoryPortfolio portfolio{Money::from_units(1'000'000)};
    Order order;
    Timestamp now = from_civil(2024, 3, 4, 15, 0, 0);  // 10:00 New York, a Monday
};

TEST(NoAllocation, TheCounterSeesAnAllocation) {
    if (!ROBO_COUNTING_NEW)
        GTEST_SKIP() << "AddressSanitizer replaces operator new; the release build counts";
    // The counter this file relies on does count: a json object allocates.
    EXPECT_GT(allocations_during([] { nlohmann::json j{{"a", 1}}; }), 0);
}

TEST(NoAllocation, AcceptedChecksAllocateNothingOnTheCallersThread) {
    if (!ROBO_COUNTING_NEW)
        GTEST_SKIP() << "AddressSanitizer replaces operator new; the release build counts";
    Backtest bt;
    for (int i = 0; i < 200; ++i) bt.accept_one();  // warm-up: caches, the ring, the queue
    const long n = allocations_during([&] {
        for (int i = 0; i < 1000; ++i) bt.accept_one();
    });
    EXPECT_EQ(n, 0) << "allocations in 1000 accepted checks";
    // Every verdict reached the audit file, in order.
    EXPECT_EQ(bt.trail.last_seq(), 1200u);
    EXPECT_TRUE(log::verify_audit_file(bt.file).ok());
}

}  // namespace
}  // namespace robo::risk
