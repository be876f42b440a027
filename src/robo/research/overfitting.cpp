// research/overfitting.cpp — see overfitting.hpp.
#include "robo/research/overfitting.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numbers>

namespace robo::research {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double normal_cdf(double x) { return boost::math::cdf(boost::math::normal_distribution<double>(), x); }
double normal_quantile(double p) {
    return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

bool valid_partitions(int partitions) { return partitions >= 2 && partitions % 2 == 0 && partitions <= 24; }

double sharpe_of(double sum, double squares, double n) {
    if (n < 2) return 0;
    const double mean = sum / n;
    const double var = std::max(0.0, (squares - n * mean * mean) / (n - 1));
    return var > 0 ? mean / std::sqrt(var) : 0;
}

}  // namespace

double Moments::sharpe() const { return sd > 0 ? mean / sd : 0; }

Moments moments(const std::vector<double>& x) {
    Moments m;
    m.count = x.size();
    if (x.empty()) return m;
    for (double v : x) m.mean += v;
    m.mean /= double(x.size());
    double m2 = 0, m3 = 0, m4 = 0;
    for (double v : x) {
        const double d = v - m.mean;
        m2 += d * d;
        m3 += d * d * d;
        m4 += d * d * d * d;
    }
    const double n = double(x.size());
    m.sd = x.size() > 1 ? std::sqrt(m2 / (n - 1)) : 0;
    m2 /= n;
    m3 /= n;
    m4 /= n;
    m.skewness = m2 > 0 ? m3 / std::pow(m2, 1.5) : 0;
    m.kurtosis = m2 > 0 ? m4 / (m2 * m2) : 0;
    return m;
}

double expected_max_sharpe(size_t trials, double variance) {
    if (trials < 2 || !(variance > 0)) return 0;
    const double n = double(trials);
    constexpr double g = std::numbers::egamma;
    return std::sqrt(variance) *
           ((1 - g) * normal_quantile(1 - 1 / n) + g * normal_quantile(1 - 1 / (n * std::numbers::e)));
}

DeflatedSharpe deflated_sharpe(const std::vector<double>& trial_sharpes,
                               const std::vector<double>& chosen_returns) {
    return deflated_sharpe_from_moments(trial_sharpes, moments(chosen_returns));
}

DeflatedSharpe deflated_sharpe_from_moments(const std::vector<double>& trial_sharpes, const Moments& r) {
    DeflatedSharpe d;
    d.trials = trial_sharpes.size();
    const Moments trials = moments(trial_sharpes);
    d.sharpe_variance = trials.sd * trials.sd;
    d.expected_max_sharpe = expected_max_sharpe(d.trials, d.sharpe_variance);
    d.observations = r.count;
    d.sharpe = r.sharpe();
    d.skewness = r.skewness;
    d.kurtosis = r.kurtosis;
    if (d.trials == 0 || d.observations < 3) {
        d.value = kNaN;
        d.note = "needs at least one finished run with 3 or more daily returns";
        return d;
    }
    const double spread = 1 - d.skewness * d.sharpe + (d.kurtosis - 1) / 4 * d.sharpe * d.sharpe;
    if (!(spread > 0)) {
        d.value = kNaN;
        d.note = "the chosen run's skewness and kurtosis leave no variance for its Sharpe ratio";
        return d;
    }
    d.value = normal_cdf((d.sharpe - d.expected_max_sharpe) * std::sqrt(double(d.observations) - 1) /
                         std::sqrt(spread));
    return d;
}

std::vector<BlockSums> block_sums(const std::vector<double>& returns, int partitions) {
    if (!valid_partitions(partitions)) return {};
    const size_t S = size_t(partitions), block = returns.size() / S;
    if (block < 2) return {};
    const size_t skip = returns.size() - block * S;
    std::vector<BlockSums> sums(S);
    for (size_t t = skip; t < returns.size(); ++t) {
        auto& b = sums[(t - skip) / block];
        b.sum += returns[t];
        b.squares += returns[t] * returns[t];
    }
    return sums;
}

Pbo probability_of_backtest_overfitting(const std::vector<std::vector<double>>& returns, int partitions) {
    const size_t observations = returns.empty() ? 0 : returns.front().size();
    for (const auto& col : returns)
        if (col.size() != observations)
            throw std::invalid_argument("PBO: the runs' return series differ in length");
    std::vector<std::vector<BlockSums>> sums;
    for (const auto& col : returns) sums.push_back(block_sums(col, partitions));
    std::vector<const std::vector<BlockSums>*> runs;
    for (const auto& s : sums) runs.push_back(&s);
    return probability_of_backtest_overfitting(runs, observations, partitions);
}

Pbo probability_of_backtest_overfitting(const std::vector<const std::vector<BlockSums>*>& runs,
                                        size_t observations, int partitions) {
    Pbo p;
    p.partitions = partitions;
    p.runs = runs.size();
    p.observations = observations;
    p.value = kNaN;
    if (!valid_partitions(partitions)) {
        p.note = fmt::format("{} partitions: expected an even number from 2 to 24", partitions);
        return p;
    }
    if (p.runs < 2) {
        p.note = "needs at least two finished runs";
        return p;
    }
    const size_t block = p.observations / size_t(partitions);
    if (block < 2) {
        p.note = fmt::format("{} daily returns are too few for {} partitions of 2 or more", p.observations,
                             partitions);
        return p;
    }
    const size_t S = size_t(partitions), N = p.runs;
    for (const auto* r : runs)
        if (r->size() != S)
            throw std::invalid_argument("PBO: a run's block sums are not of these partitions");
    const double half_rows = double(block * S / 2);
    std::vector<double> in(N), out(N);
    size_t overfit = 0;
    // Every mask with S/2 bits set, in increasing order.
    for (uint32_t mask = 0; mask < (1u << S); ++mask) {
        if (std::popcount(mask) != int(S / 2)) continue;
        for (size_t n = 0; n < N; ++n) {
            BlockSums a, b;
            for (size_t s = 0; s < S; ++s) {
                auto& into = (mask >> s) & 1u ? a : b;
                into.sum += (*runs[n])[s].sum;
                into.squares += (*runs[n])[s].squares;
            }
            in[n] = sharpe_of(a.sum, a.squares, half_rows);
            out[n] = sharpe_of(b.sum, b.squares, half_rows);
        }
        const size_t best = size_t(std::max_element(in.begin(), in.end()) - in.begin());
        double below = 0, tied = 0;
        for (size_t n = 0; n < N; ++n) {
            if (n == best) continue;
            if (out[n] < out[best]) ++below;
            if (out[n] == out[best]) ++tied;
        }
        const double rank = 1 + below + tied / 2;
        const double w = rank / double(N + 1);
        const double logit = std::log(w / (1 - w));
        p.logits.push_back(logit);
        if (logit <= 0) ++overfit;
    }
    p.splits = p.logits.size();
    p.value = double(overfit) / double(p.splits);
    return p;
}

}  // namespace robo::research
