// apps/cmd_features.cpp — `robo_trader features (--data FILE | --db [DB] --symbols S,...)
// [--timeframe 5m] [--from DAY] [--to DAY] [--spec TEXT] [--record [DB]] --out features.csv`: the features
// of bar series, one row per bar (session/feature_table.hpp does the work).
// Exit status: 0 written, 1 the data could not be read or written (or a bad row under
// DATA_ON_BAD_ROW=stop), 2 bad arguments.
#include <iostream>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "robo/session/feature_table.hpp"

namespace robo::apps {
namespace {

struct FeaturesArgs {
    session::FeatureTableRequest request;
    ConfigFlags config;
};

CommandRegistration features_command{
    "features", "Compute indicator features of bar series (a file or the database), one row per bar",
    [](CLI::App& cmd) {
        auto args = std::make_shared<FeaturesArgs>();
        auto& r = args->request;
        add_config_flags(cmd, args->config);
        cmd.add_option("--data", r.data, "Bar file (daily or intraday CSV)");
        cmd.add_option("--db", r.db, "SQLite database to read bars from (no value: DATA_DB_PATH)")
            ->expected(0, 1)
            ->default_str("");
        cmd.add_option("--symbols", r.symbols, "Symbols (with --db; space or comma separated)")
            ->delimiter(',');
        cmd.add_option("--from", r.from, "First day (YYYY-MM-DD)");
        cmd.add_option("--to", r.to, "Last day, included (YYYY-MM-DD)");
        cmd.add_option("--out", r.out, "Output CSV")->required();
        cmd.add_option("--timeframe", r.timeframe,
                       "Bar timeframe to compute on (default: the series' own; finer bars are aggregated)");
        cmd.add_option("--record", r.record,
                       "Also store the values in a database (no value: the --db file, else DATA_DB_PATH)")
            ->expected(0, 1)
            ->default_str("");
        cmd.add_option("--spec", r.spec, "Feature spec, e.g. \"rsi:14 macd:12,26,9 bbands:20,2\"")
            ->default_str(std::string(features::kDefaultFeatureSpec));
        return [args]() -> int {
            return session::features_command(load_config(args->config, "features"), args->request, std::cout,
                                             std::cerr);
        };
    }};

}  // namespace
}  // namespace robo::apps
