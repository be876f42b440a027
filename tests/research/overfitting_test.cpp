// The Deflated Sharpe Ratio and the Probability of Backtest Overfitting against values
// worked out by hand (the arithmetic is in the comments; Z is the standard normal).
#include <gtest/gtest.h>

#include <cmath>

#include "robo/research/overfitting.hpp"

namespace robo::research {
namespace {

TEST(Overfitting, MomentsAreTheSampleDeviationAndTheMomentRatios) {
    // r = .01 -.02 .03 0 .02: mean .008; deviations .002 -.028 .022 -.008 .012
    // squares sum 1480e-6 -> sample var 370e-6, sd .0192354; m2 = 296e-6
    // m3 = (8 - 21952 + 10648 - 512 + 1728)e-9 / 5 = -2016e-9 -> skew = m3 / m2^1.5 = -0.395870
    // m4 = (16 + 614656 + 234256 + 4096 + 20736)e-12 / 5 = 174752e-12 -> kurt = m4 / m2^2 = 1.994522
    const Moments m = moments({0.01, -0.02, 0.03, 0.00, 0.02});
    EXPECT_NEAR(m.mean, 0.008, 1e-15);
    EXPECT_NEAR(m.sd, 0.0192353840616713, 1e-15);
    EXPECT_NEAR(m.skewness, -0.395870337343817, 1e-12);
    EXPECT_NEAR(m.kurtosis, 1.994521548575603, 1e-12);
    EXPECT_NEAR(m.sharpe(), 0.415900195928029, 1e-12);  // .008 / .0192354
}

TEST(Overfitting, ExpectedMaximumSharpeOfThreeTrials) {
    // Trials' Sharpe ratios .1 .2 .3: V = (.01 + 0 + .01) / 2 = .01, sqrt(V) = .1
    // Z^-1(1 - 1/3) = 0.430727, Z^-1(1 - 1/(3e)) = 1.161957
    // SR0 = .1 * ((1 - .577216) * 0.430727 + .577216 * 1.161957) = 0.085280
    EXPECT_NEAR(expected_max_sharpe(3, 0.01), 0.0852804496150695, 1e-12);
    EXPECT_EQ(expected_max_sharpe(1, 0.01), 0.0);  // one trial: nothing was selected
}

TEST(Overfitting, DeflatedSharpeOfASmallCase) {
    // SR = 0.415900, SR0 = 0.085280, T = 5, skew -0.395870, kurt 1.994522:
    // spread = 1 + 0.395870 * 0.415900 + (1.994522 - 1) / 4 * 0.415900^2 = 1.207649
    // z = (0.415900 - 0.085280) * sqrt(4) / sqrt(1.207649) = 0.601712 -> DSR = Z(z) = 0.726317
    const DeflatedSharpe d = deflated_sharpe({0.1, 0.2, 0.3}, {0.01, -0.02, 0.03, 0.00, 0.02});
    EXPECT_EQ(d.trials, 3u);
    EXPECT_EQ(d.observations, 5u);
    EXPECT_NEAR(d.expected_max_sharpe, 0.0852804496150695, 1e-12);
    EXPECT_NEAR(d.value, 0.726316962733198, 1e-9);
}

TEST(Overfitting, DeflatedSharpeNeedsReturns) {
    EXPECT_TRUE(std::isnan(deflated_sharpe({0.1}, {0.01, 0.02}).value));
}

// Two runs, two blocks of two days. A: [.02 .04 | -.01 .01], B: [0 .02 | .01 .03].
// Training on block 0: A (Sharpe .03/.01414 = 2.12) beats B (.01/.01414 = .71); on block 1
// A has 0 and B 1.41, so A ranks 1 of 2: w = 1/3, logit ln(1/2) < 0. Training on block 1
// picks B, which ranks 1 on block 0 (.71 < 2.12): logit < 0 again. PBO = 2/2.
TEST(Overfitting, PboIsOneWhenTheTrainingWinnerAlwaysLosesOutOfSample) {
    const Pbo p =
        probability_of_backtest_overfitting({{0.02, 0.04, -0.01, 0.01}, {0.00, 0.02, 0.01, 0.03}}, 2);
    EXPECT_EQ(p.splits, 2u);
    EXPECT_DOUBLE_EQ(p.value, 1.0);
    EXPECT_NEAR(p.logits[0], std::log(0.5), 1e-15);
}

// A: [.02 .04 | .02 .04], B: [0 .02 | 0 .02]: A is best on both halves, ranks 2 of 2,
// w = 2/3, logit ln 2 > 0 in both splits: PBO = 0.
TEST(Overfitting, PboIsZeroWhenTheTrainingWinnerWinsOutOfSample) {
    const Pbo p =
        probability_of_backtest_overfitting({{0.02, 0.04, 0.02, 0.04}, {0.00, 0.02, 0.00, 0.02}}, 2);
    EXPECT_DOUBLE_EQ(p.value, 0.0);
    EXPECT_NEAR(p.logits[1], std::log(2.0), 1e-15);
}

// Four blocks of two days, C(4, 2) = 6 splits (Sharpe = mean / sample sd of the 4 days):
//   A blocks [.02 .04] [.02 .04] [-.01 .01] [0 .02];  B blocks [0 .02] [-.01 .01] [.01 .03] [.01 .03]
//   train  | train A  train B | test A  test B | chosen, its test rank | logit
//   {0,1}  |  2.598    0.387  |  0.387   1.732 |  A, 1                 | -ln 2
//   {0,2}  |  0.721    1.162  |  1.225   0.612 |  B, 1                 | -ln 2
//   {1,2}  |  0.721    0.612  |  1.225   1.162 |  A, 2                 | +ln 2
//   {0,3}  |  1.225    1.162  |  0.721   0.612 |  A, 2                 | +ln 2
//   {1,3}  |  1.225    0.612  |  0.721   1.162 |  A, 1                 | -ln 2
//   {2,3}  |  0.387    1.732  |  2.598   0.387 |  B, 1                 | -ln 2
// PBO = 4 / 6.
TEST(Overfitting, PboOverFourPartitionsCountsTheSplitsLostOutOfSample) {
    const Pbo p = probability_of_backtest_overfitting({{0.02, 0.04, 0.02, 0.04, -0.01, 0.01, 0.00, 0.02},
                                                       {0.00, 0.02, -0.01, 0.01, 0.01, 0.03, 0.01, 0.03}},
                                                      4);
    ASSERT_EQ(p.splits, 6u);
    EXPECT_NEAR(p.value, 4.0 / 6.0, 1e-15);
    const double l = std::log(2.0);
    const std::vector<double> expected{-l, -l, l, l, -l, -l};
    for (size_t i = 0; i < 6; ++i) EXPECT_NEAR(p.logits[i], expected[i], 1e-12) << "split " << i;
}

TEST(Overfitting, TiesOutOfSampleTakeTheMeanRank) {
    // Identical runs: the chosen one (the first) ties the other, rank 1.5 of 2, w = .5,
    // logit 0, which counts as overfit (no better than the median).
    const Pbo p =
        probability_of_backtest_overfitting({{0.01, 0.02, 0.03, 0.01}, {0.01, 0.02, 0.03, 0.01}}, 2);
    EXPECT_DOUBLE_EQ(p.logits[0], 0.0);
    EXPECT_DOUBLE_EQ(p.value, 1.0);
}

TEST(Overfitting, PboSaysWhyItCannotBeComputed) {
    EXPECT_FALSE(probability_of_backtest_overfitting({{0.01, 0.02}}, 2).note.empty());
    EXPECT_FALSE(probability_of_backtest_overfitting({{0.01, 0.02}, {0.0, 0.01}}, 4).note.empty());
    EXPECT_FALSE(probability_of_backtest_overfitting({{0.01, 0.02}, {0.0, 0.01}}, 3).note.empty());
}

}  // namespace
}  // namespace robo::research
