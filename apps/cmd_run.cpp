// apps/cmd_run.cpp — `robo_trader run`: the main job. A paper-trading session on a replay
// of the market-data files in --data (default the bundled data/sample) through the whole
// pipeline — strategies, sizing and the gate, the order manager, the paper broker, the
// ledger — at --speed (data seconds per second; 0 = as fast as possible). Shows progress,
// ends with the summary and the report's path. SIGINT/SIGTERM stop it gracefully (a
// second one forces the exit). --broker tws-sim serves the files from the TWS simulator on
// loopback and trades through the socket API (what `make run` does); --broker ibkr trades
// through TWS / Gateway (see src/robo/session/broker_link.hpp). (`robo_trader data inspect` prints
// the inventory of a data folder.)
#include "command_registry.hpp"
#include "run_options.hpp"

namespace robo::apps {
namespace {
CommandRegistration run_command{
    "run",
    "Run a paper-trading session on a replay of market-data files (default data/sample), or through TWS "
    "(--broker tws-sim|ibkr)",
    [](CLI::App& cmd) {
        auto f = std::make_shared<RunFlags>();
        f->request.mode = engine::Mode::replay;
        f->request.command = "run";
        f->request.out = "run-out";
        add_run_options(cmd, *f, /*replay=*/true);
        return [f]() -> int { return run_session(*f); };
    }};
}  // namespace
}  // namespace robo::apps
