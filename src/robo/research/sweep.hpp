// research/sweep.hpp — a parameter sweep: every combination of one or more strategy grids
// (or a seeded random draw of them) run as a backtest on data read once, on every core.
//
//   research::Sweep sweep(config::load(...), request);   // grids and plans; throws on bad input
//   auto result = sweep.run(progress);                     // every run; identical for any --jobs
//
// Each run is planned by session::plan_session from the one configuration and the request's
// backtest settings with `--strategy` set to the combination, and built by the session
// builder, so a row equals `backtest` with those parameters, metric for metric. A run
// keeps only its metrics and the digest of its daily returns (write_files off); the best
// few by the objective keep their daily equity too, so memory grows with the data, not
// with the number of runs. A combination the strategy
// refuses (fast >= slow) is a skipped run with the reason; a run that throws is a failed
// run with the message. Results are in run-id order whatever the number of threads.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "robo/config/loader.hpp"
#include "robo/research/objective.hpp"
#include "robo/research/param_space.hpp"
#include "robo/research/run_record.hpp"
#include "robo/session/plan.hpp"
#include "robo/session/request.hpp"

namespace robo::research {

class SharedData;
struct CurvePolicy;

enum class Search { grid, random };

// A signal stopped the sweep: what() says how many runs finished.
struct Interrupted : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct SweepRequest {
    session::SessionRequest base;    // the backtest settings every run shares
    std::vector<std::string> grids;  // "sma_crossover:fast=5..20:5,slow=30..60:15", one per --strategy
    Search search = Search::grid;
    uint64_t budget = 0;  // random search: how many combinations (required)
    uint64_t seed = 0;    // random search: the generator's seed
    Objective objective = Objective::sharpe;
    unsigned jobs = 0;    // threads; 0: every core
    int partitions = 16;  // PBO's CSCV partitions (even, >= 2)
    size_t curves = 5;    // finished runs, the best by the objective, that keep their daily equity
};

struct PlannedRun {
    std::string id;
    size_t grid = 0;
    Params params;
    std::string spec;                 // "sma_crossover:fast=5,slow=30"
    std::optional<std::string> skip;  // why the strategy refuses the combination
};

// Progress: runs finished (this time), of how many, seconds since the start.
using ProgressFn = std::function<void(size_t done, size_t total, double seconds)>;
// Called (under a lock, from the worker threads) as each run finishes: the journal.
using FinishedFn = std::function<void(const RunRecord&)>;

class Sweep {
public:
    // Parses and checks the grids, draws the combinations, plans one session per run (every
    // planning error surfaces here, before data is read). Throws std::invalid_argument.
    Sweep(const config::LoadResult& config, SweepRequest request);
    ~Sweep();

    const SweepRequest& request() const noexcept { return request_; }
    const std::vector<StrategyGrid>& grids() const noexcept { return grids_; }
    const std::vector<PlannedRun>& runs() const noexcept { return runs_; }
    // Parameter names across the grids, in first-seen order (results.csv's columns).
    std::vector<std::string> param_names() const;
    // The run's session request (the base with its strategy; write_files off).
    session::SessionRequest run_request(const PlannedRun& r) const;
    const config::LoadResult& config() const noexcept { return config_; }

    // Reads the data (once; later calls reuse it). Throws std::runtime_error.
    SharedData& data();
    // Runs on data another sweep of the same files already read (the windows of a walk-forward).
    void share_data(std::shared_ptr<SharedData> data) { data_ = std::move(data); }
    std::shared_ptr<SharedData> shared_data() {
        data();
        return data_;
    }
    // Runs the runs not in `done` (matched by id and parameters) on `jobs` threads and
    // returns every run's record in id order, `done` ones as given. When `stop` becomes true
    // (the command's Ctrl-C) no new run starts; the running ones finish and are handed to
    // `finished`, then run() throws Interrupted. The runs' sessions install no signal
    // handlers of their own (a sweep runs on worker threads, in Dask workers too).
    std::vector<RunRecord> run(const std::vector<RunRecord>& done = {}, const ProgressFn& progress = {},
                               const FinishedFn& finished = {}, const std::atomic<bool>* stop = nullptr);
    // One run, on this thread (a Dask worker's unit of work).
    RunRecord run_one(const PlannedRun& r);
    // Which curves run() keeps (the request's objective, curves and partitions).
    CurvePolicy curve_policy() const;
    // The run's plan: plan_session of run_request(), its session without signal handlers.
    session::Plan run_plan(const session::SessionRequest& r) const;

private:
    config::LoadResult config_;
    SweepRequest request_;
    std::vector<StrategyGrid> grids_;
    std::vector<PlannedRun> runs_;
    std::shared_ptr<SharedData> data_;
};

// Threads for `jobs` (0: every core, at least 1).
unsigned resolve_jobs(unsigned jobs);

}  // namespace robo::research
