// apps/run_options.hpp — the flags `backtest` and `run` share, turned into a session
// request (session/request.hpp), and the printing around a session the library builds
// (session/builder.hpp): the data's inventory, the banner, progress, the summary and the
// per-symbol table. No setting is decided here.
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
