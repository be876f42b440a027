// VectorFeed::seal() merges the runs already in time order instead of sorting: the order it
// gives must be exactly a stable sort's by time (ties in the order the events were added),
// whatever the runs look like.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "robo/data/feed.hpp"

using namespace robo;
using robo::data::MarketEvent;
using robo::data::VectorFeed;

namespace {
// An event the test can tell apart from every other: its volume is the order it was added in.
Bar numbered(int64_t id, int64_t day, const char* symbol) {
    Bar b;
    b.symbol = Symbol(symbol);
    b.timeframe = Timeframe::day;
    b.start = Timestamp{} + std::chrono::days(day);
    b.open = b.high = b.low = b.close = Price::from_units(10);
    b.volume = Quantity::from_units(id);
    return b;
}

int64_t id_of(const MarketEvent& e) { return std::get<Bar>(e.data).volume.raw() / Quantity::scale; }

// Adds `days` (the days of each bar, in the order added) and checks the sealed order against
// std::stable_sort of the same events.
void expect_stable_sort_order(const std::vector<int64_t>& days) {
    VectorFeed feed;
    std::vector<MarketEvent> expected;
    for (size_t i = 0; i < days.size(); ++i) {
        const Bar b = numbered(int64_t(i), days[i], i % 2 ? "AAA" : "BBB");
        feed.add(b);
        expected.push_back({data::bar_known_at(b), b});
    }
    std::stable_sort(expected.begin(), expected.end(),
                     [](const MarketEvent& a, const MarketEvent& b) { return a.time < b.time; });
    feed.seal();
    ASSERT_EQ(feed.size(), expected.size());
    MarketEvent got;
    for (size_t i = 0; i < expected.size(); ++i) {
        ASSERT_TRUE(feed.next(got));
        ASSERT_EQ(got.time, expected[i].time) << "position " << i;
        ASSERT_EQ(id_of(got), id_of(expected[i])) << "position " << i << ": ties must keep the order added";
    }
    EXPECT_FALSE(feed.next(got));
}
}  // namespace

TEST(VectorFeedOrder, FilesOneAfterAnotherMergeAsAStableSortWould) {
    std::mt19937_64 rng(11);
    for (int round = 0; round < 50; ++round) {
        // Several "files", each in time order with repeated days, overlapping each other.
        std::vector<int64_t> days;
        const int files = 1 + int(rng() % 12);
        for (int f = 0; f < files; ++f) {
            int64_t day = int64_t(rng() % 30);
            const int rows = int(rng() % 40);
            for (int r = 0; r < rows; ++r) {
                days.push_back(day);
                day += int64_t(rng() % 3);  // 0: the same day again, a tie inside the run
            }
        }
        expect_stable_sort_order(days);
    }
}

TEST(VectorFeedOrder, UnsortedDataAndOneEventRunsGiveTheStableSortOrder) {
    std::mt19937_64 rng(5);
    std::vector<int64_t> shuffled;
    for (int i = 0; i < 3000; ++i) shuffled.push_back(int64_t(rng() % 50));  // many short runs
    expect_stable_sort_order(shuffled);
    std::vector<int64_t> descending;  // more runs than are merged: sorted instead
    for (int i = 10000; i-- > 0;) descending.push_back(i / 3);
    expect_stable_sort_order(descending);
    expect_stable_sort_order({});
    expect_stable_sort_order({4});
    expect_stable_sort_order({3, 3, 3, 1, 1, 2});
}
