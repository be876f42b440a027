// apps/cmd_features.cpp — `robo_trader features (--data FILE | --db [DB] --symbols S,...)
// [--timeframe 5m] [--from DAY] [--to DAY] [--spec TEXT] [--record [DB]] --out features.csv`: the features
// of bar series, one row per bar (session/feature_table.hpp does the work).
// Exit status: 0 written, 1 the data could not be read or written (or a bad row under
// DATA_ON_BAD_ROW=stop), 2 bad arguments.
#include <fmt/format.h>

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

int run_features(const FeaturesArgs& args) {
    const config::LoadResult cfg = load_config(args.config, "features");
    session::FeatureTable t;
    try {
        t = session::write_feature_table(cfg, args.request);
    } catch (const session::BadFeatureRequest& e) {
        std::cerr << "robo_trader features: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "robo_trader features: " << e.what() << "\n";
        return 1;
    }
    for (const auto& note : t.notes) std::cerr << "robo_trader features: " << note << "\n";
    std::cout << fmt::format(
        "robo_trader features: {} {} bars of {} ({} input bars, {} refused) -> {} ({} features)\n", t.rows,
        t.timeframe, t.symbols, t.input_bars, t.refused_bars, args.request.out, t.features);
    if (args.request.record)
        std::cout << fmt::format("  recorded {} feature values in {}\n", t.recorded, t.recorded_into);
    return 0;
}

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
        return [args]() -> int { return run_features(*args); };
    }};

}  // namespace
}  // namespace robo::apps
