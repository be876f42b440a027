// apps/config_flags.hpp — the flags every command that reads the configuration accepts:
// --config FILE, --env-file FILE and repeated --set KEY=VALUE (config/loader.hpp has the
// order of the sources). A command loads the configuration once, through load_config.
#pragma once
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "robo/config/loader.hpp"

namespace robo::apps {

struct ConfigFlags {
    std::string env_file;
    std::string config_file;
    std::vector<std::string> overrides;
};

void add_config_flags(CLI::App& cmd, ConfigFlags& flags);

// The configuration those flags name. A file the user names that does not exist is an
// error; so is any invalid value. Warnings are printed to stderr prefixed with the command.
// Throws std::runtime_error with every error, one per line.
config::LoadResult load_config(const ConfigFlags& flags, const std::string& command);

// Never throws: the same load for `config check`, which reports instead.
config::LoadResult load_config_report(const ConfigFlags& flags);

// load_config for a command's action: a failure is one line on stderr, "robo_trader
// COMMAND: why", and nullopt (the command then exits 1).
std::optional<config::LoadResult> load_config_or_say(const ConfigFlags& flags, const std::string& command);

}  // namespace robo::apps
