// tests/quality — FactorStepSplits, the per-file form of split_ratio_for_factor_step, gives
// the plain loop's answer for every step: the quick answer for small steps never hides a
// ratio the loop would match.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <random>

#include "robo/data/quality/corporate_actions.hpp"

namespace robo::test {
namespace {

using data::quality::CorporateActionRules;
using data::quality::FactorStepSplits;

// The loop as it was written before the quick answer: every ratio, in order.
std::optional<double> plain_loop(double log_step, double log_gap, const CorporateActionRules& rules) {
    for (double r : rules.split_ratios) {
        const double log_r = std::log(r);
        if (std::fabs(log_step - log_r) > rules.adj_tolerance) continue;
        if (std::fabs(log_gap - log_r) > 0.5 * std::fabs(log_r)) return std::nullopt;
        return r;
    }
    return std::nullopt;
}

void expect_same_everywhere(const CorporateActionRules& rules, uint64_t seed) {
    const FactorStepSplits splits(rules);
    std::mt19937_64 rng(seed);
    std::vector<double> steps{0.0, -0.0, std::numeric_limits<double>::quiet_NaN(),
                              std::numeric_limits<double>::infinity(),
                              -std::numeric_limits<double>::infinity()};
    // At and around each ratio's tolerance edges, from both sides, where a quick answer could go wrong.
    for (double r : rules.split_ratios)
        for (double edge : {std::log(r) - rules.adj_tolerance, std::log(r) + rules.adj_tolerance})
            for (double s = edge, up = edge, k = 0; k < 50; ++k) {
                steps.push_back(s);
                steps.push_back(up);
                s = std::nextafter(s, -1e9);
                up = std::nextafter(up, 1e9);
            }
    std::uniform_real_distribution<double> small(-0.4, 0.4), wide(-6, 6);
    for (int i = 0; i < 50'000; ++i) steps.push_back(small(rng)), steps.push_back(wide(rng));
    for (double step : steps)
        for (double gap : {0.0, step, -step, 0.5 * step, small(rng)}) {
            const auto a = splits.ratio_for(step, gap), b = plain_loop(step, gap, rules);
            ASSERT_EQ(a.has_value(), b.has_value()) << step << " " << gap;
            if (a) {
                ASSERT_EQ(*a, *b) << step << " " << gap;
            }
        }
}

TEST(FactorStepSplits, AnswersAsThePlainLoopForTheDefaultRules) { expect_same_everywhere({}, 1); }

TEST(FactorStepSplits, AnswersAsThePlainLoopForUnusualRules) {
    CorporateActionRules near_one;  // a ratio just past the tolerance from 1: the bound is tiny
    near_one.split_ratios = {std::exp(0.0100001), 2, 0.5};
    expect_same_everywhere(near_one, 2);
    CorporateActionRules wide = near_one;
    wide.adj_tolerance = 0.5;  // wider than the nearest log: no quick answer at all
    expect_same_everywhere(wide, 3);
    CorporateActionRules none;
    none.split_ratios.clear();
    expect_same_everywhere(none, 4);
}

}  // namespace
}  // namespace robo::test
