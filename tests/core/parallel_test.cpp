// parallel_for runs every index exactly once on any number of threads, and reports the same
// error whatever the threads: the lowest failing index's.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "robo/core/parallel.hpp"

namespace robo {
namespace {

TEST(ParallelFor, EveryIndexRunsExactlyOnceWhateverTheThreads) {
    for (unsigned threads : {0u, 1u, 2u, 7u, 64u}) {
        std::vector<std::atomic<int>> calls(1000);
        parallel_for(
            calls.size(), [&](std::size_t i) { ++calls[i]; }, threads);
        for (std::size_t i = 0; i < calls.size(); ++i) ASSERT_EQ(calls[i].load(), 1) << i << ", " << threads;
    }
}

TEST(ParallelFor, OneThreadRunsInOrderOnTheCallingThread) {
    std::vector<std::size_t> order;
    parallel_for(
        5, [&](std::size_t i) { order.push_back(i); }, 1);
    EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
}

TEST(ParallelFor, TheLowestFailingIndexIsReportedAndEveryOtherCallStillRuns) {
    for (unsigned threads : {1u, 2u, 8u}) {
        std::atomic<int> ran{0};
        try {
            parallel_for(
                100,
                [&](std::size_t i) {
                    ++ran;
                    if (i == 97 || i == 13 || i == 50) throw std::runtime_error("file " + std::to_string(i));
                },
                threads);
            FAIL() << "no exception with " << threads << " threads";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "file 13");
        }
        EXPECT_EQ(ran.load(), 100);
    }
}

TEST(ParallelFor, NothingToDoReturnsAtOnce) {
    parallel_for(0, [](std::size_t) { FAIL(); });
}

}  // namespace
}  // namespace robo
