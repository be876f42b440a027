// A sweep's folder: the rows `backtest` gives (through the real binary), skipped
// combinations with their reason, a resumed sweep ending byte-identical to an
// uninterrupted one, and the rows in the database.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <unistd.h>

#include "robo/research/research_text.hpp"
#include "robo/research/sweep_files.hpp"
#include "robo/research/sweep_job.hpp"
#include "robo/store/database.hpp"
#include "support/paths.hpp"
#include "support/shell.hpp"

namespace robo::research {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> lines_of(const fs::path& p) {
    std::vector<std::string> out;
    std::ifstream in(p);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) out.push_back(cell);
    if (!line.empty() && line.back() == ',') out.push_back("");
    return out;
}

config::LoadResult test_config() {
    config::LoadOptions lo;
    lo.environment = {};
    return config::load(lo);
}

class SweepJobTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("robo_sweep_job_" + std::to_string(::getpid()));
        fs::remove_all(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    SweepJob job(const std::string& grid, const std::string& sub) {
        SweepJob j;
        j.request.base.data = (test::sample_dir() / "daily").string();
        j.request.base.symbols = {"AAPL", "MSFT", "KO"};
        j.request.base.from = "2016-01-04";
        j.request.grids = {grid};
        j.request.jobs = 2;
        j.keep = 1;
        j.out = dir / sub;
        return j;
    }
    fs::path dir;
};

// The real binaries, as a user types them: the sweep's row for fast=10,slow=40 against
// `backtest --strategy sma_crossover:fast=10,slow=40` with the same flags.
TEST_F(SweepJobTest, ARowOfResultsCsvEqualsBacktestMetricForMetric) {
    const std::string common =
        " --data " + (test::sample_dir() / "daily").string() +
        " --symbols AAPL,JPM,XOM --from 2016-03-01 --to 2019-06-28 --commission tiered "
        "--slippage-bps 2 --position-pct 0.05";
    const auto sweep = test::run_shell(test::binary().string() + " sweep" + common +
                                       " --strategy 'sma_crossover:fast=5|10,slow=40|80' --keep 0 --out " +
                                       (dir / "sweep").string());
    ASSERT_EQ(sweep.status, 0) << sweep.out;
    const auto bt =
        test::run_shell(test::binary().string() + " backtest" + common +
                        " --strategy sma_crossover:fast=10,slow=40 --quiet --out " + (dir / "bt").string());
    ASSERT_EQ(bt.status, 0) << bt.out;
    const auto m = nlohmann::json::parse(slurp(dir / "bt" / "summary.json")).at("metrics");
    const auto rows = lines_of(dir / "sweep" / "results.csv");
    ASSERT_EQ(rows.size(), 5u);
    const auto header = split_csv(rows[0]);
    std::vector<std::string> row;
    for (size_t i = 1; i < rows.size(); ++i)
        if (rows[i].find(",10,40,") != std::string::npos) row = split_csv(rows[i]);
    ASSERT_EQ(row.size(), header.size()) << "no row for fast=10 slow=40";
    auto cell = [&](const std::string& name) {
        return row[std::find(header.begin(), header.end(), name) - header.begin()];
    };
    EXPECT_EQ(cell("final_equity"), m.at("final_equity").get<std::string>());
    EXPECT_EQ(cell("trades"), std::to_string(m.at("trades").get<int64_t>()));
    for (const char* name : {"total_return", "cagr", "sharpe", "sortino", "max_drawdown", "calmar",
                             "win_rate", "profit_factor", "exposure"})
        EXPECT_EQ(std::stod(cell(name)), m.at(name).get<double>()) << name;
    EXPECT_EQ(cell("status"), "ok");
}

TEST_F(SweepJobTest, AValueOutOfBoundsStopsTheSweepNamingTheParameter) {
    const auto r =
        test::run_shell(test::binary().string() + " sweep --data " + (test::sample_dir() / "daily").string() +
                        " --strategy 'sma_crossover:fast=0..10:5,slow=30' --out " + (dir / "bad").string());
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("parameter fast=\"0\""), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(dir / "bad" / "results.csv"));
}

TEST_F(SweepJobTest, FlagsThatDoNotApplyAreRefusedWithTheReason) {
    for (const std::string flag : {"--combine weighted", "--seed 3", "--no-record"}) {
        const auto r = test::run_shell(
            test::binary().string() + " sweep --data " + (test::sample_dir() / "daily").string() +
            " --strategy sma_crossover:fast=5,slow=30 " + flag + " --out " + (dir / "flags").string());
        EXPECT_EQ(r.status, 1) << flag << ": " << r.out;
        EXPECT_NE(r.out.find(flag.substr(0, flag.find(' '))), std::string::npos) << r.out;
    }
}

TEST_F(SweepJobTest, ACombinationTheStrategyRefusesIsSkippedWithTheReason) {
    const auto o = run_sweep(test_config(), job("sma_crossover:fast=10|50,slow=30", "skip"));
    ASSERT_EQ(o.runs.size(), 2u);
    EXPECT_EQ(o.runs[0].status, RunStatus::ok);
    EXPECT_EQ(o.runs[1].status, RunStatus::skipped);
    EXPECT_NE(o.runs[1].reason.find("slow"), std::string::npos) << o.runs[1].reason;
    EXPECT_EQ(o.summary.skipped, 1u);
    const auto rows = lines_of(dir / "skip" / "results.csv");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_NE(rows[2].find(",skipped,"), std::string::npos) << rows[2];
}

TEST_F(SweepJobTest, AResumedSweepEndsWithTheResultsOfAnUninterruptedOne) {
    const std::string grid = "sma_crossover:fast=5..15:5,slow=30|60";
    run_sweep(test_config(), job(grid, "whole"));
    // An interrupted sweep: three runs finished, the fourth cut off mid-line.
    auto cut = job(grid, "cut");
    run_sweep(test_config(), cut);
    const auto journal = lines_of(cut.out / "runs.jsonl");
    ASSERT_EQ(journal.size(), 6u);
    {
        std::ofstream out(cut.out / "runs.jsonl", std::ios::trunc);
        for (size_t i = 0; i < 3; ++i) out << journal[i] << "\n";
        out << journal[3].substr(0, journal[3].size() / 2);
    }
    fs::remove(cut.out / "results.csv");
    fs::remove(cut.out / "summary.json");
    cut.resume = true;
    const auto resumed = run_sweep(test_config(), cut);
    EXPECT_EQ(resumed.resumed, 3u);
    EXPECT_EQ(slurp(cut.out / "results.csv"), slurp(dir / "whole" / "results.csv"));
    EXPECT_EQ(slurp(cut.out / "summary.json"), slurp(dir / "whole" / "summary.json"));
    EXPECT_EQ(lines_of(cut.out / "runs.jsonl").size(), 6u);
}

// A resumed journal holds in memory the curves of the best runs only; the file keeps every
// run's curve, copied as it was.
TEST_F(SweepJobTest, AResumedJournalKeepsTheBestCurvesInMemoryAndEveryCurveOnDisk) {
    auto j = job("sma_crossover:fast=5..15:5,slow=30|60", "journal");
    run_sweep(test_config(), j);
    const auto before = lines_of(j.out / "runs.jsonl");
    ASSERT_EQ(before.size(), 6u);
    Sweep sweep(test_config(), j.request);
    const Journal journal(j.out, sweep_definition(sweep), true, CurvePolicy{Objective::sharpe, 2, 16});
    ASSERT_EQ(journal.done().size(), 6u);
    const auto best = ranked(journal.done(), Objective::sharpe);
    ASSERT_EQ(best.size(), 6u);
    for (size_t k = 0; k < best.size(); ++k) {
        const RunRecord& r = journal.done()[best[k]];
        EXPECT_EQ(r.daily.empty(), k >= 2) << r.id;
        ASSERT_TRUE(r.digest) << r.id;
        EXPECT_GT(r.digest->observations, 100u) << r.id;
    }
    EXPECT_EQ(lines_of(j.out / "runs.jsonl"), before);
    EXPECT_FALSE(fs::exists(j.out / "runs.jsonl.new"));
}

// Ctrl-C sets the stop flag: no new run starts, the finished ones are in the journal, and
// the same sweep resumed ends as an uninterrupted one.
TEST_F(SweepJobTest, AStoppedSweepKeepsItsFinishedRunsAndResumesToTheSameResults) {
    const std::string grid = "sma_crossover:fast=5..25:5,slow=30|60";
    run_sweep(test_config(), job(grid, "whole"));
    auto stopped = job(grid, "stopped");
    std::atomic<bool> stop{false};
    stopped.stop = &stop;
    EXPECT_THROW(run_sweep(test_config(), stopped, [&](size_t done, size_t, double) { stop = done >= 3; }),
                 Interrupted);
    const size_t kept = lines_of(stopped.out / "runs.jsonl").size();
    EXPECT_GE(kept, 3u);
    EXPECT_LT(kept, 10u);
    EXPECT_FALSE(fs::exists(stopped.out / "results.csv"));
    stopped.stop = nullptr;
    stopped.resume = true;
    EXPECT_EQ(run_sweep(test_config(), stopped).resumed, kept);
    EXPECT_EQ(slurp(stopped.out / "results.csv"), slurp(dir / "whole" / "results.csv"));
    EXPECT_EQ(slurp(stopped.out / "summary.json"), slurp(dir / "whole" / "summary.json"));
}

TEST_F(SweepJobTest, ResumeRefusesAFolderOfAnotherSweep) {
    run_sweep(test_config(), job("sma_crossover:fast=5,slow=30", "one"));
    auto other = job("sma_crossover:fast=5,slow=30", "one");
    other.request.base.position_pct = 0.05;
    other.resume = true;
    try {
        run_sweep(test_config(), other);
        FAIL() << "resumed a sweep with other settings";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("max_position"), std::string::npos) << e.what();
    }
}

TEST_F(SweepJobTest, TheDatabaseHoldsTheSweepAndItsRuns) {
    auto j = job("sma_crossover:fast=5|10,slow=30|40", "db");
    j.db = dir / "research.db";
    const auto o = run_sweep(test_config(), j);
    run_sweep(test_config(), j);  // recorded again: replaced, not doubled
    store::Connection c = store::open_for_reading(*j.db);
    EXPECT_EQ(c.query_int("SELECT count(*) FROM sweeps"), 1);
    EXPECT_EQ(c.query_int("SELECT count(*) FROM sweep_runs WHERE status = 'ok'"), 4);
    EXPECT_EQ(c.query_text("SELECT best_run FROM sweeps"), o.runs[*o.summary.best].id);
}

// What the `sweep` command prints is the outcome's own: the best run by the objective with
// its parameters and metrics, DSR and PBO in words, and every file written.
TEST_F(SweepJobTest, TheDescriptionNamesTheBestRunItsStatisticsAndTheFiles) {
    auto j = job("sma_crossover:fast=5|10,slow=30", "text");
    const auto o = run_sweep(test_config(), j);
    ASSERT_TRUE(o.summary.best);
    const auto& best = o.runs[*o.summary.best];
    const std::string text = describe_sweep(j, o);
    EXPECT_NE(text.find("robo_trader sweep: 2 runs (2 finished, 0 failed, 0 skipped)"), std::string::npos)
        << text;
    ASSERT_FALSE(best.params.empty());
    EXPECT_NE(text.find("best by sharpe: " + best.id + " sma_crossover " + best.params[0].first + "=" +
                        best.params[0].second),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("deflated Sharpe ratio"), std::string::npos);
    EXPECT_NE(text.find("probability of backtest overfitting"), std::string::npos);
    for (const char* f : {"results.csv", "summary.json", "report.html"}) {
        EXPECT_NE(text.find((j.out / f).string()), std::string::npos) << f;
        EXPECT_TRUE(fs::exists(j.out / f)) << f;
    }
    EXPECT_EQ(parse_search("grid"), Search::grid);
    EXPECT_EQ(parse_search("random"), Search::random);
    EXPECT_THROW(parse_search("bayes"), std::invalid_argument);
}

}  // namespace
}  // namespace robo::research
