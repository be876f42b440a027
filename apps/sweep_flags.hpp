// apps/sweep_flags.hpp — the flags `sweep` and `walkforward` share: every backtest flag
// (run_options.hpp, applied to each run), --strategy as a grid, the objective, the search,
// the threads and the PBO partitions, turned into a research::SweepRequest; and the
// progress line. No setting is decided here.
#pragma once
#include <CLI/CLI.hpp>
#include <atomic>
#include <string>

#include "robo/research/sweep.hpp"
#include "run_options.hpp"

namespace robo::apps {

struct SweepFlags {
    RunFlags run;  // the backtest flags; run.request.strategies holds the grids
    std::string objective = "sharpe", search = "grid";
    uint64_t budget = 0, seed = 0;
    unsigned jobs = 0;
    int partitions = 16;
};

void add_sweep_options(CLI::App& cmd, SweepFlags& f);
// Throws std::invalid_argument naming a flag that does not apply to a sweep.
research::SweepRequest sweep_request(const CLI::App& cmd, const SweepFlags& f);
// Set by the first Ctrl-C (SIGINT) or SIGTERM, after which the default action is back: a
// second one ends the process at once (the journal keeps every finished run either way).
const std::atomic<bool>* stop_on_ctrl_c();

// "\r  37/100 runs  12.3 runs/s  ETA 5 s" on stderr, at most every half second and at the end.
class ProgressLine {
public:
    explicit ProgressLine(std::string what) : what_(std::move(what)) {}
    void operator()(size_t done, size_t total, double seconds);

private:
    std::string what_;
    double last_ = -1;
};

}  // namespace robo::apps
