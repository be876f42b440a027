// apps/config_flags.cpp — see config_flags.hpp.
#include "config_flags.hpp"

#include <iostream>

namespace robo::apps {
namespace {
config::LoadOptions options_of(const ConfigFlags& flags) {
    config::LoadOptions options;
    if (!flags.env_file.empty()) options.env_file = flags.env_file;
    if (!flags.config_file.empty()) options.config_file = flags.config_file;
    options.overrides = flags.overrides;
    return options;
}
}  // namespace

void add_config_flags(CLI::App& cmd, ConfigFlags& flags) {
    cmd.add_option("--env-file", flags.env_file, "The .env file (default: ./.env when present)");
    cmd.add_option("--config", flags.config_file,
                   "The TOML config file (default: ./config.toml when present)");
    cmd.add_option("--set", flags.overrides, "Override an option: --set KEY=VALUE (repeatable)");
}

config::LoadResult load_config_report(const ConfigFlags& flags) { return config::load(options_of(flags)); }

config::LoadResult load_config(const ConfigFlags& flags, const std::string& command) {
    return config::load_for_command(options_of(flags), "robo_trader " + command, std::cerr);
}

std::optional<config::LoadResult> load_config_or_say(const ConfigFlags& flags, const std::string& command) {
    try {
        return load_config(flags, command);
    } catch (const std::exception& e) {
        std::cerr << "robo_trader " << command << ": " << e.what() << "\n";
        return std::nullopt;
    }
}

}  // namespace robo::apps
