// A sweep's grid from text: ranges, lists, bounds checked before anything runs, and a
// random draw that is the same on every run with the same seed.
#include <gtest/gtest.h>

#include "robo/research/param_space.hpp"

namespace robo::research {
namespace {

std::vector<std::string> values_of(const StrategyGrid& g, size_t axis) { return g.axes.at(axis).values; }

TEST(ParamSpace, RangesExpandFromStartToEndByStep) {
    const auto g = parse_grid("sma_crossover:fast=5..20:5,slow=30..60:15");
    EXPECT_EQ(g.strategy, "sma_crossover");
    EXPECT_EQ(values_of(g, 0), (std::vector<std::string>{"5", "10", "15", "20"}));
    EXPECT_EQ(values_of(g, 1), (std::vector<std::string>{"30", "45", "60"}));
    EXPECT_EQ(g.size(), 12u);
}

TEST(ParamSpace, DecimalRangesKeepThePlacesTheTextGives) {
    const auto g = parse_grid("mean_reversion:k=1.5..2.5:0.25");
    EXPECT_EQ(values_of(g, 0), (std::vector<std::string>{"1.50", "1.75", "2.00", "2.25", "2.50"}));
}

TEST(ParamSpace, ListsAndSingleValues) {
    const auto g = parse_grid("sma_crossover:fast=5|8|13,slow=40,short=true|false");
    EXPECT_EQ(values_of(g, 0), (std::vector<std::string>{"5", "8", "13"}));
    EXPECT_EQ(values_of(g, 1), (std::vector<std::string>{"40"}));
    EXPECT_EQ(g.size(), 6u);
}

TEST(ParamSpace, AValueOutOfBoundsIsAnErrorNamingTheParameter) {
    try {
        parse_grid("sma_crossover:fast=0..10:5,slow=30");
        FAIL() << "fast=0 is below the bound";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("fast"), std::string::npos) << e.what();
    }
}

TEST(ParamSpace, UnknownStrategyOrParameterOrBadRangeIsRefused) {
    EXPECT_THROW(parse_grid("no_such:fast=1"), std::invalid_argument);
    EXPECT_THROW(parse_grid("sma_crossover:speed=1..3"), std::invalid_argument);
    EXPECT_THROW(parse_grid("sma_crossover:fast=20..5:5"), std::invalid_argument);
    EXPECT_THROW(parse_grid("sma_crossover:fast=5..20:0"), std::invalid_argument);
    EXPECT_THROW(parse_grid("sma_crossover:fast=5,fast=6"), std::invalid_argument);
}

TEST(ParamSpace, CombinationsRunLastAxisFastestAndGiveBacktestSpecs) {
    const std::vector grids{parse_grid("sma_crossover:fast=5|10,slow=30|60")};
    const auto all = all_combinations(grids);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(spec_text(grids[0], all[0]), "sma_crossover:fast=5,slow=30");
    EXPECT_EQ(spec_text(grids[0], all[1]), "sma_crossover:fast=5,slow=60");
    EXPECT_EQ(spec_text(grids[0], all[3]), "sma_crossover:fast=10,slow=60");
}

TEST(ParamSpace, RandomSearchIsDeterministicDistinctAndInGridOrder) {
    const std::vector grids{parse_grid("sma_crossover:fast=1..50,slow=51..100")};
    const auto a = random_combinations(grids, 20, 7), b = random_combinations(grids, 20, 7);
    const auto c = random_combinations(grids, 20, 8);
    ASSERT_EQ(a.size(), 20u);
    std::vector<uint64_t> ia, ib, ic;
    for (const auto& x : a) ia.push_back(x.index);
    for (const auto& x : b) ib.push_back(x.index);
    for (const auto& x : c) ic.push_back(x.index);
    EXPECT_EQ(ia, ib);
    EXPECT_NE(ia, ic);
    EXPECT_TRUE(std::is_sorted(ia.begin(), ia.end()));
    EXPECT_EQ(std::adjacent_find(ia.begin(), ia.end()), ia.end());
}

}  // namespace
}  // namespace robo::research
