// apps/cmd_sweep.cpp — `robo_trader sweep`: a strategy's parameter grid (or a random draw of
// it) run as backtests on data read once, on every core; writes results.csv, summary.json,
// report.html and the best runs' backtest outputs into --out, and prints the best run and
// how likely it is luck. Exit status 0 when it finished (failed runs are rows), 1 on bad input,
// 130 when Ctrl-C stopped it (the finished runs are kept for --resume).
#include <iostream>

#include "command_registry.hpp"
#include "sweep_flags.hpp"

namespace robo::apps {
namespace {

CommandRegistration sweep_command{
    "sweep",
    "Run a strategy's parameter grid as backtests on every core; results, report and overfitting statistics",
    [](CLI::App& cmd) {
        auto f = std::make_shared<SweepFlags>();
        f->run.request.out = "sweep-out";
        add_sweep_options(cmd, *f);
        cmd.add_option("--keep", f->research.keep,
                       "Best runs that get the full backtest outputs in DIR/best/<run id>")
            ->capture_default_str();
        cmd.add_option("--resume", f->research.resume,
                       "Continue the sweep in DIR: runs its journal holds are not run again; the results are "
                       "those of an uninterrupted sweep");
        return [f, &cmd]() -> int {
            const auto config = load_config_or_say(f->run.config, "sweep");
            if (!config) return 1;
            return research::run_sweep_command(*config, research_flags(cmd, *f), research::stop_on_ctrl_c(),
                                               std::cout, std::cerr);
        };
    }};

}  // namespace
}  // namespace robo::apps
