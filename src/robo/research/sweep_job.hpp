// research/sweep_job.hpp — a sweep from request to folder: runs (resuming a journal when
// asked), writes results.csv, summary.json and report.html, gives the best --keep runs the
// full `backtest` outputs in DIR/best/<run id>/, and records the rows in a database when
// one is given. What the command line and the Python package call.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "robo/research/analysis.hpp"
#include "robo/research/sweep.hpp"
#include "robo/research/walkforward.hpp"

namespace robo::research {

struct SweepJob {
    SweepRequest request;
    std::filesystem::path out;                // the sweep's folder
    size_t keep = 3;                          // best runs that get the full backtest outputs
    bool resume = false;                      // skip the runs the folder's journal holds (same sweep only)
    std::optional<std::filesystem::path> db;  // record into `sweeps` and `sweep_runs`
    const std::atomic<bool>* stop = nullptr;  // Ctrl-C: see Sweep::run
};

struct SweepOutcome {
    std::vector<RunRecord> runs;  // in run-id order
    SweepSummary summary;
    nlohmann::json summary_file;              // what summary.json holds
    std::vector<std::filesystem::path> kept;  // DIR/best/<id>
    size_t resumed = 0;                       // runs taken from the journal
    std::string sweep_id;                     // in the database, when recorded
};

// What defines a sweep's runs: the grids, the search and every backtest setting (the plan
// of its first run without the strategy). sweep.json; the database's sweep id hashes it.
nlohmann::json sweep_definition(const Sweep& sweep);

// Throws std::invalid_argument / std::runtime_error with one line naming what is wrong.
SweepOutcome run_sweep(const config::LoadResult& config, const SweepJob& job,
                       const ProgressFn& progress = {});

// The findings without files (Python's local sweep, the Dask driver): summary and summary.json's content.
SweepOutcome summarize_runs(const Sweep& sweep, std::vector<RunRecord> runs);

// A walk-forward into `out`: oos_equity.csv, summary.json ("walkforward": the windows, the
// stitched out-of-sample result, stability) and report.html, with every window's runs
// journaled in out/windows/ as they finish (request.resume continues an interrupted one).
// Throws as walk_forward does.
WalkForwardResult run_walkforward(const config::LoadResult& config, const WalkForwardRequest& request,
                                  const std::filesystem::path& out, const WindowProgressFn& progress = {});

}  // namespace robo::research
