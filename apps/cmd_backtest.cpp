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
        auto f = std::make_shared<RunFlags>();
        f->request.mode = engine::Mode::backtest;
        f->request.command = "backtest";
        f->request.out = "backtest-out";
        add_run_options(cmd, *f, /*replay=*/false);
        return [f]() -> int { return run_session(*f); };
    }};
}  // namespace
}  // namespace robo::apps
