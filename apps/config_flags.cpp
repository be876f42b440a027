// apps/config_flags.cpp — see config_flags.hpp.
#include "config_flags.hpp"

#include <filesystem>
#include <iostream>

namespace robo::apps {

void add_config_flags(CLI::App& cmd, ConfigFlags& flags) {
    cmd.add_option("--env-file", flags.env_file, "The .env file (default: ./.env when present)");
    cmd.add_option("--config", flags.config_file,
                   "The TOML config file (default: ./config.toml when present)");
    cmd.add_option("--set", flags.overrides, "Override an option: --set KEY=VALUE (repeatable)");
}

config::LoadResult load_config_report(const ConfigFlags& flags) {
    config::LoadOptions options;
    if (!flags.env_file.empty()) options.env_file = flags.env_file;
    if (!flags.config_file.empty()) options.config_file = flags.config_file;
    options.overrides = flags.overrides;
    return config::load(options);
}

config::LoadResult load_config(const ConfigFlags& flags, const std::string& command) {
    for (const auto& [flag, file] :
         {std::pair{"--env-file", flags.env_file}, {"--config", flags.config_file}})
        if (!file.empty() && !std::filesystem::is_regular_file(file))
            throw std::runtime_error(std::string(flag) + " " + file + ": no such file");
    config::LoadResult result = load_config_report(flags);
    for (const auto& w : result.warnings()) std::cerr << "robo_trader " << command << ": " << w << "\n";
    if (!result.ok()) {
        std::string all;
        for (const auto& e : result.errors()) all += (all.empty() ? "" : "\n") + e;
        throw std::runtime_error(all);
    }
    return result;
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
