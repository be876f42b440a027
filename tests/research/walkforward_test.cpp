// Walk-forward on the bundled sample: the windows, each test window traded exactly as
// `backtest --from --to` trades the chosen parameters, and the out-of-sample equity chained
// across windows.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

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

}  // namespace
}  // namespace robo::research
