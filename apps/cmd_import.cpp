// apps/cmd_import.cpp — `robo_trader import --data DIR|FILE [--db FILE]`: the flags; what an
// import stores, reports and exits with is session::import_market_data (session/data_commands.hpp).
#include <iostream>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "data_flags.hpp"

namespace robo::apps {
namespace {
CommandRegistration import_command{
    "import", "Load market-data CSV files (bars, ticks, quotes) into the SQLite database", [](CLI::App& cmd) {
        auto data_dir = std::make_shared<std::string>();
        auto db = std::make_shared<std::string>();
        auto format = std::make_shared<session::DataFormat>();
        auto config = std::make_shared<ConfigFlags>();
        add_config_flags(cmd, *config);
        cmd.add_option("--data", *data_dir,
                       "Folder of market-data files (*.csv, searched recursively), or one file")
            ->required();
        cmd.add_option("--db", *db, "SQLite database file, created when absent (default DATA_DB_PATH)");
        add_data_format_flags(cmd, *format);
        return [data_dir, db, format, config]() -> int {
            return session::import_market_data(load_config(*config, "import"), *data_dir, *db, *format,
                                               std::cout, std::cerr);
        };
    }};
}  // namespace
}  // namespace robo::apps
