// apps/cmd_run.cpp — `robo_trader run`: the main job. For now it loads every market-data
// file in --data and prints the inventory (data/files/inventory.hpp); the engine work turns
// it into a paper session. Exit status: 0 when every file could be read (rejected rows are
// reported, not fatal), 1 when a file or the folder could not be read at all.
#include <iostream>

#include "command_registry.hpp"
#include "robo/data/files/inventory.hpp"

namespace robo::apps {
namespace {
CommandRegistration run_command{
    "run", "Run a trading session (paper by default) on the configured data", [](CLI::App& cmd) {
        auto data_dir = std::make_shared<std::string>("data/sample");
        auto time_zone = std::make_shared<std::string>("America/New_York");
        cmd.add_option("--data", *data_dir, "Folder of market-data files (*.csv, searched recursively)");
        cmd.add_option("--time-zone", *time_zone, "Exchange time zone of the files' wall-clock times");
        return [data_dir, time_zone]() -> int {
            data::ReadOptions options;
            options.time_zone = *time_zone;
            data::LoadedData loaded;
            try {
                loaded = data::load_data_directory(*data_dir, options);
            } catch (const data::DataFileError& e) {
                std::cerr << "robo_trader run: " << e.what() << "\n";
                return 1;
            }
            if (loaded.files_read() + loaded.failures.size() == 0) {
                std::cerr << "robo_trader run: " << *data_dir << ": no market-data files (*.csv) found\n";
                return 1;
            }
            std::cout << "robo_trader run: market data in " << *data_dir << "\n";
            data::print_inventory(std::cout, loaded);
            return loaded.failures.empty() ? 0 : 1;
        };
    }};
}  // namespace
}  // namespace robo::apps
