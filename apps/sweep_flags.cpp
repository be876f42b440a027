// apps/sweep_flags.cpp — see sweep_flags.hpp.
#include "sweep_flags.hpp"

namespace robo::apps {

void add_sweep_options(CLI::App& cmd, SweepFlags& f) {
    add_run_options(cmd, f.run, /*replay=*/false);
    cmd.get_option("--strategy")
        ->description(
            "A grid, repeatable: NAME:param=start..end:step,param=a|b|c,... (e.g. "
            "sma_crossover:fast=5..20:5,slow=30..60:15); each value is checked against the strategy's "
            "parameters; several --strategy give several grids");
    cmd.add_option("--objective", f.research.objective,
                   "What the sweep maximises: sharpe, sortino, cagr, calmar, total_return, profit_factor")
        ->capture_default_str();
    cmd.add_option("--search", f.research.search,
                   "grid (every combination) or random (--budget of them, --seed)")
        ->capture_default_str();
    cmd.add_option("--budget", f.research.budget, "Random search: how many combinations to draw");
    cmd.add_option("--seed", f.research.seed,
                   "Random search: the generator's seed (the same seed draws the same runs)")
        ->capture_default_str();
    cmd.add_option("--jobs", f.research.jobs,
                   "Runs at once, one per thread (default: every core); results do not depend on it");
    cmd.add_option("--partitions", f.research.partitions,
                   "Blocks of days for the Probability of Backtest Overfitting (CSCV), even")
        ->capture_default_str();
}

research::ResearchFlags research_flags(const CLI::App& cmd, const SweepFlags& f) {
    research::ResearchFlags r = f.research;
    r.base = f.run.request;
    r.quiet = f.run.quiet;
    for (const char* flag : {"--combine", "--no-record", "--seed", "--out"})
        if (cmd.count(flag)) r.given.push_back(flag);
    return r;
}

}  // namespace robo::apps
