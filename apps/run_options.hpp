// apps/run_options.hpp — the flags `backtest` and `run` share, turned into a session
// request (session/request.hpp). session/run_command.hpp builds, runs and prints the session;
// no setting is decided here.
#pragma once
#include <CLI/CLI.hpp>

#include "config_flags.hpp"
#include "robo/session/request.hpp"

namespace robo::apps {

struct RunFlags {
    session::SessionRequest request;
    ConfigFlags config;
    bool quiet = false;
};

void add_run_options(CLI::App& cmd, RunFlags& f, bool replay);
int run_session(RunFlags& f);

}  // namespace robo::apps
