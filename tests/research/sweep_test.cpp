// A sweep runs each combination exactly as `backtest` would, whatever the number of
// threads, on data read once.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include <unistd.h>

#include "robo/research/sweep.hpp"
#include "robo/session/builder.hpp"
#include "support/paths.hpp"

namespace robo::research {
namespace {

namespace fs = std::filesystem;

config::LoadResult test_config() {
    config::LoadOptions lo;
    lo.environment = {};
    return config::load(lo);
}

SweepRequest sample_request(std::vector<std::string> grids) {
    SweepRequest r;
    r.base.data = (test::sample_dir() / "daily").string();
    r.base.symbols = {"AAPL", "MSFT", "JPM"};
    r.grids = std::move(grids);
    r.jobs = 1;
    return r;
}

// `backtest` with the same settings and that strategy: the builder loading its own data.
report::Metrics backtest_metrics(const SweepRequest& sweep, const std::string& strategy) {
    session::SessionRequest r = sweep.base;
    r.strategies = {strategy};
    r.write_files = false;
    session::SessionBuilder b(session::plan_session(test_config(), r));
    std::ostringstream sink;
    b.assemble(sink);
    return b.run(sink).metrics;
}

void expect_row_equals_backtest(const RunRecord& row, const report::Metrics& m) {
    const RunMetrics bt = run_metrics(m);
    EXPECT_EQ(row.metrics.final_equity, bt.final_equity) << row.id;
    EXPECT_EQ(row.metrics.total_return, bt.total_return) << row.id;
    EXPECT_EQ(row.metrics.cagr, bt.cagr) << row.id;
    EXPECT_EQ(row.metrics.sharpe, bt.sharpe) << row.id;
    EXPECT_EQ(row.metrics.sortino, bt.sortino) << row.id;
    EXPECT_EQ(row.metrics.max_drawdown, bt.max_drawdown) << row.id;
    EXPECT_EQ(row.metrics.calmar, bt.calmar) << row.id;
    EXPECT_EQ(row.metrics.trades, bt.trades) << row.id;
    EXPECT_EQ(row.metrics.win_rate, bt.win_rate) << row.id;
    EXPECT_EQ(row.metrics.exposure, bt.exposure) << row.id;
    EXPECT_EQ(row.metrics.profit_factor == bt.profit_factor ||
                  (std::isnan(row.metrics.profit_factor) && std::isnan(bt.profit_factor)),
              true)
        << row.id;
    EXPECT_EQ(row.daily.size(), m.daily.size()) << row.id;
}

TEST(Sweep, EveryRowEqualsBacktestWithThoseParameters) {
    SweepRequest req = sample_request({"sma_crossover:fast=5|10,slow=30|50"});
    Sweep sweep(test_config(), req);
    const auto rows = sweep.run();
    ASSERT_EQ(rows.size(), 4u);
    for (size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].status, RunStatus::ok) << rows[i].reason;
        EXPECT_GT(rows[i].metrics.trades, 0);
        expect_row_equals_backtest(rows[i], backtest_metrics(req, sweep.runs()[i].spec));
    }
}

// With --from, each strategy warms up on the bars before it that it needs: a run whose
// slow average is shorter than another's must see exactly its own warm-up, as `backtest`.
TEST(Sweep, WithFromEachRunIsWarmedUpAsBacktestWarmsItUp) {
    SweepRequest req = sample_request({"sma_crossover:fast=5,slow=20|120"});
    req.base.from = "2017-01-03";
    req.base.to = "2018-12-31";
    req.base.sizing = "atr";  // the ATR of the sizer sees the warm-up bars too
    Sweep sweep(test_config(), req);
    const auto rows = sweep.run();
    ASSERT_EQ(rows.size(), 2u);
    for (size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].status, RunStatus::ok) << rows[i].reason;
        expect_row_equals_backtest(rows[i], backtest_metrics(req, sweep.runs()[i].spec));
    }
}

TEST(Sweep, OneAndTwoThreadsGiveIdenticalResults) {
    SweepRequest req = sample_request({"sma_crossover:fast=5..15:5,slow=30|60"});
    req.base.from = "2016-06-01";
    Sweep one(test_config(), req);
    req.jobs = 2;
    Sweep two(test_config(), req);
    const auto a = one.run(), b = two.run();
    ASSERT_EQ(a.size(), 6u);
    ASSERT_EQ(b.size(), a.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(to_json(a[i]), to_json(b[i])) << a[i].id;
}

TEST(Sweep, RunsAlreadyDoneWithTheSameParametersAreNotRunAgain) {
    SweepRequest req = sample_request({"sma_crossover:fast=5|10,slow=30"});
    Sweep sweep(test_config(), req);
    auto first = sweep.run();
    RunRecord marked = first[0];
    marked.metrics.trades = -7;  // a value no run gives: seen again only if it was kept
    RunRecord other = first[1];
    other.params[0].second = "99";  // same id, other parameters: must run again
    size_t ran = 0;
    const auto again = sweep.run({marked, other}, {}, [&](const RunRecord&) { ++ran; });
    EXPECT_EQ(ran, 1u);
    EXPECT_EQ(again[0].metrics.trades, -7);
    EXPECT_EQ(to_json(again[1]), to_json(first[1]));
}

}  // namespace
}  // namespace robo::research
