// research/overfitting.hpp — how likely a sweep's best result is luck.
//
// Deflated Sharpe Ratio (Bailey and López de Prado, "The Deflated Sharpe Ratio", 2014):
// the probability that the chosen run's true Sharpe ratio is above the best Sharpe ratio
// that N trials of no skill would be expected to show,
//   SR0 = sqrt(V) * ((1 - g) * Z^-1(1 - 1/N) + g * Z^-1(1 - 1/(N e))),  g = 0.5772... (Euler)
//   DSR = Z((SR - SR0) * sqrt(T - 1) / sqrt(1 - skew * SR + (kurt - 1) / 4 * SR^2))
// where V is the sample variance of the trials' Sharpe ratios, SR, skew, kurt (not excess:
// 3 for a normal) and T are the chosen run's, Z the standard normal distribution.
//
// Probability of Backtest Overfitting (Bailey, Borwein, López de Prado and Zhu, "The
// Probability of Backtest Overfitting", 2015), by combinatorially symmetric cross-validation:
// the T x N matrix of the runs' returns is cut into S blocks of consecutive rows; for each of
// the C(S, S/2) ways to take half the blocks as the training set (the rest is the test set),
// the run with the best training Sharpe ratio is ranked among all runs on the test set,
// w = rank / (N + 1), logit = ln(w / (1 - w)); PBO is the share of splits with logit <= 0
// (the chosen run did no better than the median out of sample).
//
// Conventions (docs/research.md): returns and Sharpe ratios are per period (daily), never
// annualised; standard deviations are the sample ones (n - 1); skewness and kurtosis are
// the moment ratios m3 / m2^1.5 and m4 / m2^2; a Sharpe ratio of a series without
// variation is 0; ties in the test ranking take the mean of the tied ranks, ties in the
// training choice go to the lower column (the lower run id); when T is not a multiple of
// S, the first T mod S rows are left out. A statistic that cannot be computed is NaN with
// the reason in `note`.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace robo::research {

struct Moments {
    size_t count = 0;
    double mean = 0, sd = 0;            // sd: sample (n - 1)
    double skewness = 0, kurtosis = 0;  // m3 / m2^1.5, m4 / m2^2
    double sharpe() const;              // mean / sd, 0 without variation
};
Moments moments(const std::vector<double>& x);

// E[max] of N draws of Sharpe ratios with variance V and mean 0 (SR0 above); 0 for N < 2.
double expected_max_sharpe(size_t trials, double variance);

struct DeflatedSharpe {
    double value = 0;  // the probability, 0..1
    double sharpe = 0, expected_max_sharpe = 0, sharpe_variance = 0, skewness = 0, kurtosis = 0;
    size_t trials = 0, observations = 0;
    std::string note;
};
// `trial_sharpes`: every trial's per-period Sharpe ratio; `chosen_returns`: the chosen run's
// per-period returns.
DeflatedSharpe deflated_sharpe(const std::vector<double>& trial_sharpes,
                               const std::vector<double>& chosen_returns);
// The same from the chosen run's moments (what a sweep keeps of a run's returns).
DeflatedSharpe deflated_sharpe_from_moments(const std::vector<double>& trial_sharpes, const Moments& chosen);

// One block's sums: with the count, a Sharpe ratio over any union of blocks.
struct BlockSums {
    double sum = 0, squares = 0;
};
// A series cut into `partitions` blocks as PBO cuts it (the first T mod S returns left out).
// Empty when `partitions` is not an even number from 2 to 24 or a block would hold fewer
// than 2 returns.
std::vector<BlockSums> block_sums(const std::vector<double>& returns, int partitions);

struct Pbo {
    double value = 0;  // 0..1
    int partitions = 0;
    size_t splits = 0, observations = 0, runs = 0;
    std::vector<double> logits;  // one per split, in the order of the splits
    std::string note;
};
// `returns`: one column per run, all of the same length (the same days).
Pbo probability_of_backtest_overfitting(const std::vector<std::vector<double>>& returns, int partitions);
// The same from each run's block_sums over `observations` returns (the same days for every
// run): a sweep keeps these rather than every run's series, so its memory does not grow
// with its runs. Equal, bit for bit, to the form above.
Pbo probability_of_backtest_overfitting(const std::vector<const std::vector<BlockSums>*>& runs,
                                        size_t observations, int partitions);

}  // namespace robo::research
