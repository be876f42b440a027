// SymbolMap, the per-bar look-up table: the same answers as a std::map for every mix of
// insertions and look-ups, values that stay where they are while the table grows, and
// iteration in insertion order.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "robo/core/symbol_map.hpp"

namespace robo {
namespace {

TEST(SymbolMap, AnswersAsAnOrderedMapDoesThroughEveryGrowth) {
    std::mt19937_64 rng(3);
    std::vector<Symbol> universe;
    for (int i = 0; i < 3000; ++i) universe.emplace_back(fmt::format("S{}", i));
    universe.emplace_back("BRK B");
    universe.emplace_back("ZZZZZZZZZZZZZZZ");
    SymbolMap<int> map;
    std::map<Symbol, int> want;
    for (int step = 0; step < 20000; ++step) {
        const Symbol& s = universe[rng() % universe.size()];
        if (rng() % 3 == 0) {
            const int* got = map.find(s);
            auto it = want.find(s);
            ASSERT_EQ(got != nullptr, it != want.end()) << s.view();
            if (got) {
                ASSERT_EQ(*got, it->second);
            }
        } else {
            auto [value, inserted] = map.try_emplace(s, step);
            auto [it, fresh] = want.try_emplace(s, step);
            ASSERT_EQ(inserted, fresh) << s.view();
            ASSERT_EQ(*value, it->second);
            ++*value;
            ++it->second;
        }
        ASSERT_EQ(map.size(), want.size());
    }
    for (const auto& [s, v] : want) ASSERT_EQ(*map.find(s), v);
    EXPECT_EQ(map.find(Symbol("NOTHERE")), nullptr);
}

TEST(SymbolMap, ValuesStayPutAndIterationFollowsInsertion) {
    SymbolMap<std::string> map;
    std::string& first = map[Symbol("AAPL")];
    first = "apple";
    std::vector<Symbol> order{Symbol("AAPL")};
    for (int i = 0; i < 500; ++i) {  // many growths of the table
        order.emplace_back(fmt::format("X{}", 499 - i));
        map[order.back()] = order.back().str();
    }
    EXPECT_EQ(&first, map.find(Symbol("AAPL")));  // the reference survived every growth
    EXPECT_EQ(first, "apple");
    size_t k = 0;
    for (const auto& [symbol, value] : map) {
        ASSERT_EQ(symbol, order[k]);
        if (k > 0) {
            ASSERT_EQ(value, symbol.str());
        }
        ++k;
    }
    EXPECT_EQ(k, order.size());
    const auto& constant = map;
    EXPECT_TRUE(constant.contains(Symbol("X0")));
    EXPECT_FALSE(constant.contains(Symbol("X500")));
    SymbolMap<std::string> copy = map;  // a copy has its own values
    ASSERT_NE(copy.find(Symbol("AAPL")), nullptr);
    EXPECT_NE(copy.find(Symbol("AAPL")), &first);
    *copy.find(Symbol("AAPL")) = "pear";
    EXPECT_EQ(first, "apple");
    EXPECT_EQ(copy.size(), map.size());
    SymbolMap<std::string> moved = std::move(map);
    EXPECT_EQ(moved.find(Symbol("AAPL")), &first);  // a move keeps the values in place
    copy = moved;
    EXPECT_EQ(*copy.find(Symbol("AAPL")), "apple");
    EXPECT_NE(copy.find(Symbol("AAPL")), &first);
}

}  // namespace
}  // namespace robo
