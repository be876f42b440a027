// Parsing allocates per file, never per row: reading 50 times more rows of a good file
// makes exactly the same number of heap allocations. (Counted by replacing the global
// operator new in this test program.)
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>

#include "robo/data/files/readers.hpp"

namespace {
std::atomic<size_t> g_allocations{0};
}

void* operator new(size_t n) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
// These replacements pair malloc with free by construction; GCC's sanitizer build inlines
// them and then mistakes the pair for new/free, so its warning is off for these two.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace {

// `rows` one-minute bars from 2006-01-02 09:00 on (January: no DST change inside).
std::string minute_bars(int rows) {
    std::string text = "Date,Open,High,Low,Close,Volume,OpenInterest\r\n";
    for (int i = 0; i < rows; ++i) {
        int day = 2 + i / 1440, minute = i % 1440;
        char line[128];
        std::snprintf(line, sizeof line,
                      "2006-01-%02d,%02d:%02d:00,3602.00,3603.00,3597.00,3599.00,5699,0\r\n", day,
                      minute / 60, minute % 60);
        text += line;
    }
    return text;
}

size_t allocations_to_read(const std::string& text) {
    size_t before = g_allocations.load();
    auto file = robo::data::read_bar_text("FUT.csv", text);
    size_t after = g_allocations.load();
    EXPECT_TRUE(file.rejected.empty());
    return after - before;
}

}  // namespace

TEST(Allocation, ReadingMoreRowsMakesNoMoreAllocations) {
    const std::string small = minute_bars(100), large = minute_bars(5000);
    allocations_to_read(small);  // warm-up: the time-zone database loads once per process
    size_t for_small = allocations_to_read(small);
    size_t for_large = allocations_to_read(large);
    EXPECT_EQ(for_small, for_large);
    EXPECT_LT(for_large, 20u);  // a handful per file: the path, the bar vector, the zone cache
}
