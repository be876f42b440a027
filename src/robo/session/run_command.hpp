// session/run_command.hpp — `robo_trader backtest` and `robo_trader run` from a loaded
// configuration and a request to an exit status: the plan, the data report, the refusal to
// trade on part of the data, assembly, progress lines, the run and its outcome. The command
// line only parses flags into the request; tests call this with their own streams.
#pragma once
#include <iosfwd>

#include "robo/config/loader.hpp"
#include "robo/session/request.hpp"

namespace robo::session {

// Exit status: 0, or 1 with a line on `err` naming the command and the reason (a bad plan,
// unreadable data files, a failed assembly or run); a finished session's own status otherwise
// (Outcome::exit_code). quiet: no progress lines on `err`.
int run_session_command(const config::LoadResult& config, const SessionRequest& request, bool quiet,
                        std::ostream& out, std::ostream& err);

}  // namespace robo::session
