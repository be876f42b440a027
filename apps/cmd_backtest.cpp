// apps/cmd_backtest.cpp — `robo_trader backtest`: one strategy (or several, combined)
// over a folder of market data, with the paper broker, the gate and the ledger; prints the
// summary and a per-symbol table and writes trades.csv, fills.csv, equity.csv and
// report.html into --out. Exit status 0 on a finished run, 1 on bad input.
#include <unistd.h>
#include <cstdio>
#include <iostream>

#include "command_registry.hpp"
#include "robo/engine/backtest.hpp"
#include "run_options.hpp"

namespace robo::apps {
namespace {
CommandRegistration backtest_command{
    "backtest", "Backtest strategies over market-data files and write a report", [](CLI::App& cmd) {
        auto o = std::make_shared<RunOptions>();
        o->out = "backtest-out";
        add_run_options(cmd, *o, /*replay=*/false);
        return [o]() -> int { return run_session(*o, engine::Mode::backtest); };
    }};
}  // namespace
}  // namespace robo::apps
