// session/backfill.hpp — historical bars from TWS, IB Gateway or tws-sim into CSV files, one
// per symbol (`robo_trader ibkr-backfill`), with IBKR's pacing kept by the client (an
// identical request waits 15 s; at most 60 per 10 minutes, 50 open).
//
// The connection comes from the configuration (IBKR_HOST, IBKR_PORT) unless
// the request names it, so the command reaches the same TWS a session would. Symbols name
// the output files, so one with path characters is refused. A request that is not answered
// within the timeout, or answered with an error, is reported and counted, never retried
// in a loop.
#pragma once
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "robo/config/config.hpp"

namespace robo::session {

struct BackfillRequest {
    std::optional<std::string> host;  // default IBKR_HOST
    std::optional<int> port;          // default IBKR_PORT
    // Not IBKR_CLIENT_ID: TWS refuses a second connection with a session's id, and a
    // backfill often runs beside a session.
    int client_id = 17;
    std::vector<std::string> symbols;
    std::string bar = "1d";
    std::string duration = "1 Y";
    std::string end;  // yyyyMMdd-HH:mm:ss UTC; empty: now
    bool all_hours = false;
    std::string out = "data/backfill";
    int timeout_s = 600;
};

struct BackfillResult {
    bool connected = false;
    std::vector<std::string> written;  // "AAPL: 252 bars -> data/backfill/AAPL_1d.csv"
    std::vector<std::string> errors;   // "AAPL: error 162: ..."
    size_t unanswered = 0;
    int exit_code() const noexcept { return connected && errors.empty() && unanswered == 0 ? 0 : 1; }
};

// Throws std::invalid_argument naming the flag for a bad request.
BackfillResult backfill(const config::Config& config, const BackfillRequest& request);
// Where the request connects: "127.0.0.1:7497".
std::string backfill_address(const config::Config& config, const BackfillRequest& request);
// `robo_trader ibkr-backfill`: backfill() with a line on `out` per file written and on `err`
// per problem (what could not be reached and why). The exit status is the result's, or 2 for
// a bad request.
int backfill_command(const config::Config& config, const BackfillRequest& request, std::ostream& out,
                     std::ostream& err);

}  // namespace robo::session
