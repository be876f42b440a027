// research/research_text.hpp — what a sweep or a walk-forward says when it ends, for a
// terminal (the `sweep` and `walkforward` commands print it; a script can too), the log policy
// of research runs, and the search's name parsed. No decision about the runs is made here.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "robo/config/loader.hpp"
#include "robo/research/sweep_job.hpp"

namespace robo::research {

// "grid" or "random"; anything else is an invalid_argument naming what was expected.
Search parse_search(std::string_view text);

// Research runs log into `dir`/<command>.log (unless LOG_FILE names a file), so the terminal
// shows progress rather than the runs' events; and they log nothing unless the user set
// LOG_LEVEL: hundreds of kill-switch trips a sweep on the shared data would cost a fifth of
// the time and say nothing results.csv does not.
void configure_research_log(const config::LoadResult& config, const std::filesystem::path& dir,
                            std::string_view command);

// The runs, the best by the objective, the deflated Sharpe ratio and the PBO in words, and the
// files written (the kept runs, the database's sweep id).
std::string describe_sweep(const SweepJob& job, const SweepOutcome& outcome);

// One line per window (its dates, the choice, in- and out-of-sample objective), the stitched
// out-of-sample result and the files in `out`.
std::string describe_walkforward(const WalkForwardRequest& request, const WalkForwardResult& result,
                                 const std::filesystem::path& out);

}  // namespace robo::research
