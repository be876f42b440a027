// apps/sweep_flags.cpp — see sweep_flags.hpp.
#include "sweep_flags.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstdio>

#include "robo/research/research_text.hpp"

namespace robo::apps {

void add_sweep_options(CLI::App& cmd, SweepFlags& f) {
    add_run_options(cmd, f.run, /*replay=*/false);
    cmd.get_option("--strategy")
        ->description(
            "A grid, repeatable: NAME:param=start..end:step,param=a|b|c,... (e.g. "
            "sma_crossover:fast=5..20:5,slow=30..60:15); each value is checked against the strategy's "
            "parameters; several --strategy give several grids");
    cmd.add_option("--objective", f.objective,
                   "What the sweep maximises: sharpe, sortino, cagr, calmar, total_return, profit_factor")
        ->capture_default_str();
    cmd.add_option("--search", f.search, "grid (every combination) or random (--budget of them, --seed)")
        ->capture_default_str();
    cmd.add_option("--budget", f.budget, "Random search: how many combinations to draw");
    cmd.add_option("--seed", f.seed,
                   "Random search: the generator's seed (the same seed draws the same runs)")
        ->capture_default_str();
    cmd.add_option("--jobs", f.jobs,
                   "Runs at once, one per thread (default: every core); results do not depend on it");
    cmd.add_option("--partitions", f.partitions,
                   "Blocks of days for the Probability of Backtest Overfitting (CSCV), even")
        ->capture_default_str();
}

research::SweepRequest sweep_request(const CLI::App& cmd, const SweepFlags& f) {
    // Flags of `backtest` that have no meaning for runs of one strategy each, unrecorded.
    for (const char* flag : {"--combine", "--no-record"})
        if (cmd.count(flag))
            throw std::invalid_argument(
                std::string(flag) + ": not for a sweep (each run is one strategy; --db records the sweep)");
    research::SweepRequest r;
    r.base = f.run.request;
    r.grids = r.base.strategies;
    r.base.strategies.clear();
    r.base.db.reset();
    r.base.out.clear();
    r.objective = research::parse_objective(f.objective);
    r.search = research::parse_search(f.search);
    if (cmd.count("--seed") && r.search != research::Search::random)
        throw std::invalid_argument("--seed: only with --search random");
    r.budget = f.budget;
    r.seed = f.seed;
    r.jobs = f.jobs;
    r.partitions = f.partitions;
    return r;
}

namespace {
std::atomic<bool> ctrl_c{false};
extern "C" void on_ctrl_c(int signo) {
    ctrl_c.store(true);
    std::signal(signo, SIG_DFL);
}
}  // namespace

const std::atomic<bool>* stop_on_ctrl_c() {
    std::signal(SIGINT, on_ctrl_c);
    std::signal(SIGTERM, on_ctrl_c);
    return &ctrl_c;
}

void ProgressLine::operator()(size_t done, size_t total, double seconds) {
    if (done < total && seconds - last_ < 0.5) return;
    last_ = seconds;
    const double rate = seconds > 0 ? double(done) / seconds : 0;
    const std::string eta = rate > 0 ? fmt::format("ETA {:.0f} s", double(total - done) / rate) : "ETA -";
    std::fprintf(stderr, "\r  %s %zu/%zu  %.1f/s  %s   %s", what_.c_str(), done, total, rate, eta.c_str(),
                 done == total ? "\n" : "");
    std::fflush(stderr);
}

}  // namespace robo::apps
