// A sweep keeps a digest of each run's returns and the daily equity of the best few only:
// the overfitting statistics from digests equal, bit for bit, those from the whole series,
// and what a sweep holds stops growing with its runs.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>

#include "robo/research/analysis.hpp"
#include "robo/research/return_digest.hpp"
#include "robo/research/sweep.hpp"
#include "support/paths.hpp"

namespace robo::research {
namespace {

// `runs` return series of `days` days, each with its own drift, reproducible.
std::vector<std::vector<double>> random_returns(size_t runs, size_t days, unsigned seed) {
    std::mt19937_64 gen(seed);
    std::normal_distribution<double> noise(0, 0.01);
    std::vector<std::vector<double>> out(runs);
    for (size_t n = 0; n < runs; ++n)
        for (size_t t = 0; t < days; ++t) out[n].push_back(noise(gen) + 0.0002 * double(n % 5));
    return out;
}

Timestamp day(int k) { return from_unix_nanos(int64_t(1'500'000'000 + 86'400 * k) * 1'000'000'000); }

// A finished run whose daily equity compounds `returns` from 100,000.
RunRecord run_of(const std::string& id, const std::vector<double>& returns, int first_day = 0) {
    RunRecord r;
    r.id = id;
    r.strategy = "sma_crossover";
    r.metrics.initial_equity = Money::from_units(100'000);
    double equity = 100'000;
    for (size_t t = 0; t < returns.size(); ++t) {
        equity *= 1 + returns[t];
        r.daily.push_back({day(first_day + int(t)), equity});
    }
    r.metrics.final_equity = Money::from_double(equity);
    r.metrics.sharpe = returns.empty() ? 0 : moments(returns).sharpe();
    return r;
}

// Finished runs r0000, r0001, ... of these series; run `late` starts a day after the others.
std::vector<RunRecord> runs_of(const std::vector<std::vector<double>>& returns, size_t late = SIZE_MAX) {
    std::vector<RunRecord> runs;
    for (size_t n = 0; n < returns.size(); ++n)
        runs.push_back(run_of(fmt::format("r{:04}", n), returns[n], n == late ? 1 : 0));
    return runs;
}

void expect_same_statistics(const SweepSummary& a, const SweepSummary& b) {
    EXPECT_EQ(a.best, b.best);
    EXPECT_EQ(a.deflated_sharpe.value, b.deflated_sharpe.value);
    EXPECT_EQ(a.deflated_sharpe.sharpe, b.deflated_sharpe.sharpe);
    EXPECT_EQ(a.deflated_sharpe.sharpe_variance, b.deflated_sharpe.sharpe_variance);
    EXPECT_EQ(a.deflated_sharpe.kurtosis, b.deflated_sharpe.kurtosis);
    EXPECT_EQ(a.pbo.value, b.pbo.value);
    EXPECT_EQ(a.pbo.observations, b.pbo.observations);
    EXPECT_EQ(a.pbo.logits, b.pbo.logits);
}

TEST(ReturnDigest, PboFromBlockSumsEqualsPboFromTheSeriesBitForBit) {
    for (int partitions : {2, 4, 8, 16}) {
        const auto returns = random_returns(12, 1003, 7u + unsigned(partitions));  // 1003: rows are left out
        std::vector<ReturnDigest> digests;
        for (const auto& r : returns) digests.push_back(digest_returns(r, partitions));
        std::vector<const std::vector<BlockSums>*> blocks;
        for (const auto& d : digests) blocks.push_back(&d.blocks);
        const Pbo from_series = probability_of_backtest_overfitting(returns, partitions);
        const Pbo from_blocks = probability_of_backtest_overfitting(blocks, 1003, partitions);
        EXPECT_EQ(from_series.value, from_blocks.value) << partitions;
        EXPECT_EQ(from_series.logits, from_blocks.logits) << partitions;
        EXPECT_GT(from_series.splits, 0u);
    }
}

TEST(ReturnDigest, DeflatedSharpeFromMomentsEqualsItFromTheSeries) {
    const auto returns = random_returns(1, 500, 3).front();
    const DeflatedSharpe a = deflated_sharpe({0.01, 0.03, 0.05}, returns);
    const DeflatedSharpe b =
        deflated_sharpe_from_moments({0.01, 0.03, 0.05}, digest_returns(returns, 16).moments);
    EXPECT_EQ(a.value, b.value);
    EXPECT_EQ(a.skewness, b.skewness);
    EXPECT_EQ(a.observations, b.observations);
}

TEST(ReturnDigest, TooFewReturnsOrBadPartitionsGiveNoBlocksAndPboSaysWhy) {
    EXPECT_TRUE(digest_returns({0.01, 0.02, 0.03}, 2).blocks.size() == 0);  // blocks of 1
    EXPECT_TRUE(digest_returns(std::vector<double>(100, 0.01), 3).blocks.empty());
    const auto d = digest_returns(std::vector<double>(3, 0.01), 2);
    const Pbo p = probability_of_backtest_overfitting({&d.blocks, &d.blocks}, d.observations, 2);
    EXPECT_TRUE(std::isnan(p.value));
    EXPECT_NE(p.note.find("too few"), std::string::npos) << p.note;
}

TEST(ReturnDigest, ASummaryOfDigestsEqualsASummaryOfCurves) {
    const auto curves = runs_of(random_returns(9, 640, 11));
    auto digests = curves;
    for (auto& r : digests) keep_digest_only(r, 16);
    for (const auto& r : digests) EXPECT_TRUE(r.daily.empty());
    const auto a = summarize(curves, Objective::sharpe, 16);
    const auto b = summarize(digests, Objective::sharpe, 16);
    ASSERT_FALSE(std::isnan(a.pbo.value));
    ASSERT_FALSE(std::isnan(a.deflated_sharpe.value));
    expect_same_statistics(a, b);
}

TEST(ReturnDigest, ADigestCrossesJsonExactly) {
    RunRecord r = run_of("r0001", random_returns(1, 300, 5).front());
    keep_digest_only(r, 8);
    const RunRecord back = record_from_json(nlohmann::json::parse(to_json(r).dump()));
    ASSERT_TRUE(back.digest);
    EXPECT_EQ(back.digest->observations, r.digest->observations);
    EXPECT_EQ(back.digest->days, r.digest->days);
    EXPECT_EQ(back.digest->partitions, 8);
    EXPECT_EQ(back.digest->moments.mean, r.digest->moments.mean);
    EXPECT_EQ(back.digest->moments.kurtosis, r.digest->moments.kurtosis);
    ASSERT_EQ(back.digest->blocks.size(), 8u);
    for (size_t s = 0; s < 8; ++s) {
        EXPECT_EQ(back.digest->blocks[s].sum, r.digest->blocks[s].sum);
        EXPECT_EQ(back.digest->blocks[s].squares, r.digest->blocks[s].squares);
    }
}

TEST(ReturnDigest, RunsOnOtherDaysAreAlignedWhileTheirCurvesAreKeptAndNamedOnceTheyAreGone) {
    auto runs = runs_of(random_returns(4, 400, 13), 2);  // r0002 a day later
    const auto aligned = summarize(runs, Objective::sharpe, 4);
    EXPECT_EQ(aligned.pbo.observations, 399u);  // the days all four share
    EXPECT_FALSE(std::isnan(aligned.pbo.value)) << aligned.pbo.note;

    for (auto& r : runs) keep_digest_only(r, 4);
    const auto gone = summarize(runs, Objective::sharpe, 4);
    EXPECT_TRUE(std::isnan(gone.pbo.value));
    EXPECT_TRUE(std::isnan(gone.deflated_sharpe.value));
    EXPECT_NE(gone.pbo.note.find("r0002"), std::string::npos) << gone.pbo.note;
    EXPECT_EQ(gone.best, aligned.best);  // the ranking needs no curve
}

TEST(ReturnDigest, ADigestCutForOtherPartitionsIsRecutFromItsCurveOrRefused) {
    auto runs = runs_of(random_returns(3, 300, 17));
    auto with_curves = runs;
    for (auto& r : with_curves) r.digest = digest_of(r, 4);  // curves kept
    expect_same_statistics(summarize(with_curves, Objective::sharpe, 8),
                           summarize(runs, Objective::sharpe, 8));
    for (auto& r : runs) keep_digest_only(r, 4);
    const auto refused = summarize(runs, Objective::sharpe, 8);
    EXPECT_TRUE(std::isnan(refused.pbo.value));
    EXPECT_NE(refused.pbo.note.find("partitions"), std::string::npos) << refused.pbo.note;
}

config::LoadResult test_config() {
    config::LoadOptions lo;
    lo.environment = {};
    return config::load(lo);
}

// A sweep keeps the curves of its best `curves` runs by the objective and nothing more of
// the others, and its statistics are those of a sweep that kept every curve.
TEST(ReturnDigest, ASweepKeepsOnlyTheBestCurvesAndTheSameStatistics) {
    SweepRequest req;
    req.base.data = (test::sample_dir() / "daily").string();
    req.base.symbols = {"AAPL", "MSFT", "JPM"};
    req.grids = {"sma_crossover:fast=5..20:5,slow=30|50"};
    req.jobs = 2;
    req.curves = 2;
    Sweep few(test_config(), req);
    req.curves = 1000;
    Sweep all(test_config(), req);
    const auto a = few.run(), b = all.run();
    ASSERT_EQ(a.size(), 8u);
    const auto sa = summarize(a, Objective::sharpe, 16), sb = summarize(b, Objective::sharpe, 16);
    ASSERT_EQ(sa.ranking, sb.ranking);
    for (size_t k = 0; k < sa.ranking.size(); ++k) {
        const size_t i = sa.ranking[k];
        EXPECT_EQ(a[i].daily.empty(), k >= 2) << a[i].id;
        EXPECT_FALSE(b[i].daily.empty()) << b[i].id;
        ASSERT_TRUE(a[i].digest);
        EXPECT_EQ(a[i].digest->observations, b[i].digest->observations);
    }
    ASSERT_FALSE(std::isnan(sa.pbo.value)) << sa.pbo.note;
    expect_same_statistics(sa, sb);
}

}  // namespace
}  // namespace robo::research
