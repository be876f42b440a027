// apps/cmd_validate.cpp — `robo_trader validate --data DIR|FILE`: the flags; the checks, the
// quality score and the exit status are session::validate_market_data (session/data_commands.hpp).
#include <iostream>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "data_flags.hpp"

namespace robo::apps {
namespace {

struct ValidateArgs {
    session::ValidateRequest request;
    ConfigFlags config;
};

CommandRegistration validate_command{
    "validate", "Check market-data files: findings and quality score per file", [](CLI::App& cmd) {
        auto args = std::make_shared<ValidateArgs>();
        cmd.add_option("--data", args->request.data,
                       "Folder of market-data files (*.csv, searched recursively), or one file");
        cmd.add_option("--max-error-rate", args->request.max_error_rate,
                       "Largest share of unusable rows a file may have (default 0.001 = 99.9% quality)")
            ->check(CLI::Range(0.0, 1.0));
        cmd.add_option("--calendar", args->request.calendar,
                       "Market hours for intraday gaps: auto (NYSE when the data fits its hours), nyse, none")
            ->check(CLI::IsMember({"auto", "nyse", "none"}));
        add_data_format_flags(cmd, args->request.format);
        cmd.add_option("--show", args->request.show, "Findings listed per file (default 10)");
        cmd.add_option("--dividends", args->request.dividends,
                       "Dividends listed per file (default 0: counted only)");
        add_config_flags(cmd, args->config);
        return [args]() -> int {
            return session::validate_market_data(load_config(args->config, "validate"), args->request,
                                                 std::cout, std::cerr);
        };
    }};

}  // namespace
}  // namespace robo::apps
