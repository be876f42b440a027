// apps/cmd_data.cpp — `robo_trader data inspect FILE`: reads one market-data file and prints
// its layout, symbol, timeframe, rows, first and last time, and every rejected row in full.
// Exit status: 0 when the file was read (even with rejected rows), 1 when it could not be.
#include <iostream>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "data_flags.hpp"

namespace robo::apps {
namespace {
CommandRegistration data_command{
    "data", "Inspect market-data files", [](CLI::App& cmd) {
        cmd.require_subcommand(1);
        auto inspect = cmd.add_subcommand("inspect", "Read one file and print every rejected row");
        auto file = std::make_shared<std::string>();
        auto format = std::make_shared<session::DataFormat>();
        auto stop = std::make_shared<bool>(false);
        auto config = std::make_shared<ConfigFlags>();
        add_config_flags(*inspect, *config);
        inspect->add_option("FILE", *file, "A market-data CSV file")->required();
        add_data_format_flags(*inspect, *format);
        inspect->add_flag("--stop", *stop, "Stop at the first bad row instead of quarantining it");
        return [file, format, stop, config]() -> int {
            return session::inspect_data_file(load_config(*config, "data inspect"), *file, *format, *stop,
                                              std::cout, std::cerr);
        };
    }};
}  // namespace
}  // namespace robo::apps
