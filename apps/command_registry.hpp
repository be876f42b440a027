// apps/command_registry.hpp — how each `robo_trader` subcommand plugs itself in.
//
// A command lives in its own apps/cmd_*.cpp and registers itself with a static
// CommandRegistration, so adding a command never edits a shared file. The setup function
// declares the subcommand's flags on the CLI11 app and returns the action to run; the
// action's return value is the process exit code.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace robo::apps {

using CommandAction = std::function<int()>;
using CommandSetup = std::function<CommandAction(CLI::App& subcommand)>;

struct CommandSpec {
    std::string name;
    std::string description;
    CommandSetup setup;
};

std::vector<CommandSpec>& command_registry();

struct CommandRegistration {
    CommandRegistration(std::string name, std::string description, CommandSetup setup) {
        command_registry().push_back({std::move(name), std::move(description), std::move(setup)});
    }
};

}  // namespace robo::apps
