// apps/cmd_walkforward.cpp — `robo_trader walkforward`: optimise a strategy's grid on each
// training window, trade the choice on the window after it (warmed up on the data before
// it), stitch the out-of-sample equity; writes oos_equity.csv, summary.json and report.html
// into --out and prints the windows. Exit status 0 when it finished, 1 on bad input, 130 on Ctrl-C.
#include <iostream>

#include "command_registry.hpp"
#include "sweep_flags.hpp"

namespace robo::apps {
namespace {

CommandRegistration walkforward_command{
    "walkforward",
    "Optimise on each training window, trade the choice on the next window, stitch the out-of-sample equity",
    [](CLI::App& cmd) {
        auto f = std::make_shared<SweepFlags>();
        f->run.request.out = "walkforward-out";
        add_sweep_options(cmd, *f);
        cmd.add_option("--train", f->research.train, "Training window: a count and y, m, w or d (e.g. 2y)")
            ->capture_default_str();
        cmd.add_option("--test", f->research.test, "Test window after each training window (e.g. 6m)")
            ->capture_default_str();
        cmd.add_flag("--anchored", f->research.anchored,
                     "Every training window starts at the first day (and grows)");
        cmd.add_option("--resume", f->research.resume,
                       "Continue the walk-forward in DIR: runs its windows' journals hold are not run again; "
                       "the results are those of an uninterrupted walk-forward");
        return [f, &cmd]() -> int {
            const auto config = load_config_or_say(f->run.config, "walkforward");
            if (!config) return 1;
            return research::run_walkforward_command(*config, research_flags(cmd, *f),
                                                     research::stop_on_ctrl_c(), std::cout, std::cerr);
        };
    }};

}  // namespace
}  // namespace robo::apps
