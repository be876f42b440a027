// stable_sort_runs gives std::stable_sort's order by key, on one thread and on two (the runs
// split in two halves merged apart, then together): ties keep the order the items came in,
// across runs and across the two halves.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "robo/core/sort_runs.hpp"

namespace robo {
namespace {

struct Item {
    int key;
    int id;  // the order it came in
};

void expect_stable_sort_order(const std::vector<int>& keys) {
    std::vector<Item> items;
    for (int i = 0; i < int(keys.size()); ++i) items.push_back({keys[size_t(i)], i});
    auto expected = items;
    std::stable_sort(expected.begin(), expected.end(),
                     [](const Item& a, const Item& b) { return a.key < b.key; });
    for (bool two_threads : {false, true}) {
        auto got = items;
        stable_sort_runs(
            got, [](const Item& x) { return x.key; }, 4096, two_threads);
        ASSERT_EQ(got.size(), expected.size());
        for (size_t i = 0; i < got.size(); ++i) {
            ASSERT_EQ(got[i].key, expected[i].key) << "two threads " << two_threads << ", place " << i;
            ASSERT_EQ(got[i].id, expected[i].id) << "two threads " << two_threads << ", place " << i;
        }
    }
}

TEST(StableSortRuns, RunsOfEveryShapeGiveTheStableSortOrderOnOneThreadAndOnTwo) {
    std::mt19937_64 rng(21);
    for (int round = 0; round < 300; ++round) {
        // Files of daily bars: runs in order with ties inside and between them, some very long
        // (the middle item inside one run), some empty of ties, a few keys out of every order.
        std::vector<int> keys;
        const int runs = 1 + int(rng() % 20);
        for (int r = 0; r < runs; ++r) {
            int key = int(rng() % 40);
            const int rows = int(rng() % (round % 3 == 0 ? 400 : 40));
            for (int i = 0; i < rows; ++i) {
                keys.push_back(key);
                key += int(rng() % 3);  // 0: a tie inside the run
            }
        }
        expect_stable_sort_order(keys);
    }
    expect_stable_sort_order({});
    expect_stable_sort_order({1});
    expect_stable_sort_order({2, 1});
    expect_stable_sort_order({5, 5, 5, 1, 1, 1});  // ties between the halves: the first half's first
}

}  // namespace
}  // namespace robo
