// research/walkforward.hpp — walk-forward analysis: optimise on a training window, trade the
// chosen parameters on the window after it, move on, and stitch the out-of-sample equity.
//
// Windows are New York calendar dates. Rolling (default): training windows of `train`
// starting every `test` from the first day of the data (or --from); anchored: every training
// window starts at the first day and grows. Each test window is the `test` after its training
// window, the last one cut at the end of the data (or --to). A training window is a sweep over
// the grids (sweep.hpp) with --from/--to set to it; the best run by the objective is traded on
// the test window as `backtest --from <test start> --to <test end>` would, warmed up on the
// bars before the test window (seen, never traded, not counted). The test runs' equity is
// chained into one out-of-sample curve: each window starts from where the last one ended.
// The data is read once for every window.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "robo/research/analysis.hpp"
#include "robo/research/sweep.hpp"

namespace robo::research {

struct WalkForwardRequest {
    SweepRequest sweep;                     // grids, objective, jobs; base.from/base.to bound all windows
    std::string train = "2y", test = "6m";  // N d|w|m|y
    bool anchored = false;
    const std::atomic<bool>* stop = nullptr;  // Ctrl-C: see Sweep::run
    // Where each window's runs are journaled as they finish (journal/windows/NN/train and
    // .../test, each a sweep journal with its own sweep.json); empty: no journal. With `resume`,
    // the runs a window's journal holds are not run again, so an interrupted walk-forward
    // continues where it stopped and ends with the results of an uninterrupted one; a journal
    // of other settings is refused naming the setting.
    std::filesystem::path journal;
    bool resume = false;
};

struct Window {
    size_t index = 0;
    std::string train_from, train_to, test_from, test_to;  // YYYY-MM-DD, inclusive
    SweepSummary in_sample;                                // the training sweep's summary
    std::optional<RunRecord> chosen;                       // best training run
    std::optional<RunRecord> test;                         // its run on the test window
    double is_objective = 0, oos_objective = 0;
    size_t params_changed = 0;  // parameters whose value differs from the previous window's choice
    std::string note;           // why the window has no test run
};

struct WalkForwardResult {
    Objective objective = Objective::sharpe;
    std::vector<Window> windows;
    std::vector<report::DailyPoint> oos_equity;  // stitched
    std::vector<size_t> oos_window;              // the window of each point
    Money initial_equity;
    double oos_total_return = 0, oos_sharpe = 0;  // of the stitched curve (Sharpe annualised, 252 days)
    // Share of windows after the first whose choice equals the previous window's (1: the same
    // parameters throughout; NaN with fewer than two chosen windows).
    double stability = 0;
};

// Called after each window with (windows done, windows in all).
using WindowProgressFn = std::function<void(size_t done, size_t total)>;

// Throws std::invalid_argument for a bad --train/--test or a span too short for one window.
WalkForwardResult walk_forward(const config::LoadResult& config, const WalkForwardRequest& request,
                               const WindowProgressFn& progress = {});

// summary.json's "walkforward".
nlohmann::json walkforward_json(const WalkForwardResult& r);
// oos_equity.csv: date,window,equity.
void write_oos_equity_csv(const std::filesystem::path& path, const WalkForwardResult& r);

}  // namespace robo::research
