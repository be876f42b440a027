// apps/sweep_flags.hpp — the flags `sweep` and `walkforward` share: every backtest flag
// (run_options.hpp, applied to each run), --strategy as a grid, the objective, the search,
// the threads and the PBO partitions, into research::ResearchFlags
// (research/research_command.hpp decides what they mean). No setting is decided here.
#pragma once
#include <CLI/CLI.hpp>

#include "robo/research/research_command.hpp"
#include "run_options.hpp"

namespace robo::apps {

struct SweepFlags {
    RunFlags run;  // the backtest flags; run.request.strategies holds the grids
    research::ResearchFlags research;
};

void add_sweep_options(CLI::App& cmd, SweepFlags& f);
// The flags as parsed, with which of them were named.
research::ResearchFlags research_flags(const CLI::App& cmd, const SweepFlags& f);

}  // namespace robo::apps
