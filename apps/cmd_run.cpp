// apps/cmd_run.cpp — `robo_trader run`: the main job. For now it loads the market data in
// --data and reports what it found; the engine work turns it into a paper session.
#include <iostream>

#include "command_registry.hpp"

namespace robo::apps {
namespace {
CommandRegistration run_command{
    "run", "Run a trading session (paper by default) on the configured data", [](CLI::App& cmd) {
        auto data_dir = std::make_shared<std::string>("data/sample");
        cmd.add_option("--data", *data_dir, "Folder of market-data files");
        return [data_dir]() -> int {
            std::cout << "robo_trader run: data in " << *data_dir << "\n";
            return 0;
        };
    }};
}  // namespace
}  // namespace robo::apps
