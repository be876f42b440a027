// apps/cmd_ibkr_backfill.cpp — `robo_trader ibkr-backfill`: historical bars from TWS, IB
// Gateway or tws-sim into CSV files, one per symbol (session/backfill.hpp does the work).
// Exit status: 0 all written, 1 not connected / an error / unanswered, 2 bad arguments.
#include <iostream>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "robo/session/backfill.hpp"

namespace robo::apps {
namespace {

struct BackfillFlags {
    session::BackfillRequest request;
    ConfigFlags config;
};

CommandRegistration backfill_command{
    "ibkr-backfill", "Download historical bars from TWS/Gateway (or tws-sim) into CSV files",
    [](CLI::App& cmd) {
        auto f = std::make_shared<BackfillFlags>();
        auto& r = f->request;
        cmd.add_option("--symbols", r.symbols, "Symbols (comma separated)")->required()->delimiter(',');
        cmd.add_option("--bar", r.bar, "Bar size: 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d")->capture_default_str();
        cmd.add_option("--duration", r.duration, "TWS duration: \"N S|D|W|M|Y\"")->capture_default_str();
        cmd.add_option("--end", r.end, "End time yyyyMMdd-HH:mm:ss (UTC); empty: now");
        cmd.add_flag("--all-hours", r.all_hours, "Include bars outside regular trading hours");
        cmd.add_option("--out", r.out, "Output folder")->capture_default_str();
        cmd.add_option("--host", r.host, "TWS/Gateway address (default IBKR_HOST)");
        cmd.add_option("--port", r.port,
                       "7497 TWS paper, 4002 Gateway paper, 7496/4001 live (default IBKR_PORT)");
        cmd.add_option("--client-id", r.client_id, "API client id (not the sessions' IBKR_CLIENT_ID)")
            ->capture_default_str();
        cmd.add_option("--timeout", r.timeout_s, "Give up after this many seconds")->capture_default_str();
        add_config_flags(cmd, f->config);
        return [f]() -> int {
            return session::backfill_command(load_config(f->config, "ibkr-backfill").config, f->request,
                                             std::cout, std::cerr);
        };
    }};

}  // namespace
}  // namespace robo::apps
