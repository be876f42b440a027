// Walk-forward on the bundled sample: the windows, each test window traded exactly as
// `backtest --from --to` trades the chosen parameters, and the out-of-sample equity chained
// across windows.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "robo/research/sweep_job.hpp"
#include "robo/research/walkforward.hpp"
#include "robo/session/builder.hpp"
#include "support/paths.hpp"

namespace robo::research {
namespace {

config::LoadResult test_config() {
    config::LoadOptions lo;
    lo.environment = {};
    return config::load(lo);
}

WalkForwardRequest sample_request() {
    WalkForwardRequest r;
    r.sweep.base.data = (test::sample_dir() / "daily").string();
    r.sweep.base.symbols = {"AAPL", "MSFT", "JPM", "XOM"};
    r.sweep.grids = {"sma_crossover:fast=5|15,slow=30|60"};
    r.sweep.jobs = 2;
    r.train = "2y";
    r.test = "6m";
    return r;
}

TEST(WalkForward, RollingWindowsTrainTwoYearsAndTestTheSixMonthsAfter) {
    const auto r = walk_forward(test_config(), sample_request());
    // The sample runs 2015-01-12 .. 2020-01-10: tests start 2017-01-12 and every 6 months.
    ASSERT_EQ(r.windows.size(), 6u);
    EXPECT_EQ(r.windows[0].train_from, "2015-01-12");
    EXPECT_EQ(r.windows[0].train_to, "2017-01-11");
    EXPECT_EQ(r.windows[0].test_from, "2017-01-12");
    EXPECT_EQ(r.windows[0].test_to, "2017-07-11");
    EXPECT_EQ(r.windows[1].train_from, "2015-07-12");
    EXPECT_EQ(r.windows[5].test_from, "2019-07-12");
    EXPECT_EQ(r.windows[5].test_to, "2020-01-10");  // cut at the end of the data
}

TEST(WalkForward, AnchoredWindowsAllStartAtTheFirstDay) {
    auto q = sample_request();
    q.anchored = true;
    const auto r = walk_forward(test_config(), q);
    ASSERT_EQ(r.windows.size(), 6u);
    for (const auto& w : r.windows) EXPECT_EQ(w.train_from, "2015-01-12");
    EXPECT_EQ(r.windows[5].train_to, "2019-07-11");
}

TEST(WalkForward, EachTestWindowIsTheBacktestOfTheChosenParametersWarmedUpBeforeIt) {
    const auto q = sample_request();
    const auto r = walk_forward(test_config(), q);
    for (size_t i : {size_t(0), size_t(3)}) {
        const Window& w = r.windows[i];
        ASSERT_TRUE(w.chosen && w.test) << w.note;
        session::SessionRequest bt = q.sweep.base;
        std::string spec = "sma_crossover";
        for (size_t k = 0; k < w.chosen->params.size(); ++k)
            spec += (k ? "," : ":") + w.chosen->params[k].first + "=" + w.chosen->params[k].second;
        bt.strategies = {spec};
        bt.from = w.test_from;
        bt.to = w.test_to;
        bt.write_files = false;
        session::SessionBuilder b(session::plan_session(test_config(), bt));
        std::ostringstream sink;
        b.assemble(sink);
        const auto m = run_metrics(b.run(sink).metrics);
        EXPECT_GT(b.data().warmup_bars, 0u) << "the test window is warmed up on the bars before it";
        EXPECT_EQ(w.test->metrics.final_equity, m.final_equity) << i;
        EXPECT_EQ(w.test->metrics.sharpe, m.sharpe) << i;
        EXPECT_EQ(w.test->metrics.trades, m.trades) << i;
        EXPECT_EQ(w.oos_objective, m.sharpe) << i;
    }
}

TEST(WalkForward, OutOfSampleEquityChainsEachWindowFromWhereTheLastEnded) {
    const auto r = walk_forward(test_config(), sample_request());
    size_t points = 0;
    double level = r.initial_equity.to_double();
    for (const auto& w : r.windows) {
        ASSERT_TRUE(w.test && w.test->status == RunStatus::ok);
        const double scale = level / w.test->metrics.initial_equity.to_double();
        // The window's first point is its own first equity, scaled to where the last window ended.
        EXPECT_DOUBLE_EQ(r.oos_equity[points].equity, w.test->daily.front().equity * scale) << w.index;
        EXPECT_EQ(r.oos_window[points], w.index);
        points += w.test->daily.size();
        level = w.test->daily.back().equity * scale;
    }
    ASSERT_EQ(r.oos_equity.size(), points);
    EXPECT_DOUBLE_EQ(r.oos_equity.back().equity, level);
    EXPECT_NEAR(r.oos_total_return, level / r.initial_equity.to_double() - 1, 1e-15);
    for (size_t i = 1; i < r.oos_equity.size(); ++i) ASSERT_LT(r.oos_equity[i - 1].day, r.oos_equity[i].day);
}

TEST(WalkForward, BadWindowsAreRefusedNamingTheFlag) {
    auto q = sample_request();
    q.train = "2x";
    EXPECT_THROW(walk_forward(test_config(), q), std::invalid_argument);
    q.train = "10y";
    try {
        walk_forward(test_config(), q);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("too short"), std::string::npos) << e.what();
    }
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Ctrl-C after the second window: the runs finished so far are in out/windows/, and the same
// walk-forward with resume ends with the files of one that was never interrupted, running
// only what the journals lack.
TEST(WalkForward, AnInterruptedWalkForwardResumesToTheResultsOfAnUninterruptedOne) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("robo_wf_resume_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const auto config = test_config();
    run_walkforward(config, sample_request(), dir / "whole");

    std::atomic<bool> stop{false};
    auto cut = sample_request();
    cut.stop = &stop;
    EXPECT_THROW(run_walkforward(config, cut, dir / "cut", [&](size_t done, size_t) { stop = done >= 2; }),
                 Interrupted);
    EXPECT_FALSE(fs::exists(dir / "cut" / "summary.json"));
    ASSERT_TRUE(fs::exists(dir / "cut" / "windows" / "02" / "test" / "runs.jsonl"));
    EXPECT_FALSE(fs::exists(dir / "cut" / "windows" / "04"));

    // A copy whose journaled test run of window 1 says Sharpe 123: a resume that takes the
    // journal (rather than running everything again) reports it.
    fs::copy(dir / "cut", dir / "marked", fs::copy_options::recursive);
    {
        const fs::path journal = dir / "marked" / "windows" / "01" / "test" / "runs.jsonl";
        auto record = nlohmann::json::parse(slurp(journal));
        record["metrics"]["sharpe"] = 123.0;
        std::ofstream(journal, std::ios::trunc) << record.dump() << "\n";
    }

    auto resumed = sample_request();
    resumed.resume = true;
    const auto marked = run_walkforward(config, resumed, dir / "marked");
    EXPECT_DOUBLE_EQ(marked.windows[0].oos_objective, 123.0);
    const auto r = run_walkforward(config, resumed, dir / "cut");
    EXPECT_EQ(r.windows.size(), 6u);
    for (const char* f : {"summary.json", "oos_equity.csv"})
        EXPECT_EQ(slurp(dir / "cut" / f), slurp(dir / "whole" / f)) << f;

    // Another walk-forward's folder is refused, naming what differs.
    auto other = sample_request();
    other.train = "1y";
    other.resume = true;
    try {
        run_walkforward(config, other, dir / "cut");
        FAIL() << "resumed a walk-forward of other settings";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("--resume"), std::string::npos) << e.what();
    }
    auto nothing = sample_request();
    nothing.resume = true;
    EXPECT_THROW(run_walkforward(config, nothing, dir / "empty"), std::runtime_error);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace robo::research
