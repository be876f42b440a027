// apps/main.cpp — the `robo_trader` command: dispatches to the registered subcommands.
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <thread>

#include "command_registry.hpp"
#include "robo/data/files/local_clock.hpp"

namespace robo::apps {
std::vector<CommandSpec>& command_registry() {
    static std::vector<CommandSpec> registry;
    return registry;
}
}  // namespace robo::apps

int main(int argc, char** argv) {
    using namespace robo::apps;
    CLI::App app{"robo_trader — a native trading system for US equities through Interactive Brokers"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "robo_trader 0.1.0");

    auto& registry = command_registry();
    std::sort(registry.begin(), registry.end(),
              [](const CommandSpec& a, const CommandSpec& b) { return a.name < b.name; });
    // Every command is listed; when the first argument names one, only that one gets its
    // options (a process runs one command, and building all fifteen took a millisecond of
    // every start). Anything else (--help, --version, a typo) gets them all, as before.
    const std::string first = argc > 1 ? argv[1] : "";
    const bool named = std::any_of(registry.begin(), registry.end(),
                                   [&](const CommandSpec& spec) { return spec.name == first; });
    // A named command reads the time-zone index on the second core while its options and
    // settings are read (joined when main returns; see load_time_zone_database).
    std::jthread zones;
    if (named) zones = std::jthread([] { robo::data::load_time_zone_database(); });
    std::vector<std::pair<CLI::App*, CommandAction>> actions;
    for (auto& spec : registry) {
        CLI::App* sub = app.add_subcommand(spec.name, spec.description);
        if (!named || spec.name == first) actions.emplace_back(sub, spec.setup(*sub));
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        for (auto& [sub, action] : actions)
            if (sub->parsed()) return action();
    } catch (const std::exception& e) {
        std::cerr << "robo_trader: " << e.what() << "\n";
        return 1;
    }
    return 2;
}
