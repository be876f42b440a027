// config/loader.hpp — loading, merging and validating the configuration.
//
// Sources, highest first: --set flags, the process environment, a .env file, a TOML
// config file, the preset of ENVIRONMENT, built-in defaults (config/options.cpp). Every
// invalid value is reported at once, each naming the variable, its source, the bad value
// (secrets redacted) and what is allowed; cross-field rules follow (live ports in paper
// mode, live confirmation, production limits, ...). An unknown variable with a project
// prefix is a warning naming the closest known option, never a silent default.
// load() never throws for bad input; load_or_throw() throws ConfigError with every message.
#pragma once
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "robo/config/config.hpp"
#include "robo/config/options.hpp"
#include "robo/config/sources.hpp"

namespace robo::config {

struct LoadOptions {
    // nullopt: ".env" in the working directory when it exists.
    std::optional<std::filesystem::path> env_file;
    // nullopt: "config.toml" in the working directory when it exists.
    std::optional<std::filesystem::path> config_file;
    // "KEY=VALUE" items, as given to --set.
    std::vector<std::string> overrides;
    // nullopt: the process environment. Tests pass their own list.
    std::optional<std::vector<std::pair<std::string, std::string>>> environment;
};

struct ResolvedValue {
    const OptionDef* def = nullptr;
    std::string raw;         // as found in its source
    std::string normalized;  // canonical spelling when valid, else raw
    Source source;
    bool valid = true;
    // What may be printed: "<redacted>" for a non-empty secret.
    std::string display() const;
};

struct LoadResult {
    Config config;
    std::vector<ResolvedValue> values;  // in option-table order
    std::vector<Diagnostic> diagnostics;

    bool ok() const noexcept;
    std::vector<std::string> errors() const;
    std::vector<std::string> warnings() const;
    const ResolvedValue* value(std::string_view name) const noexcept;
};

LoadResult load(const LoadOptions& options = {});

class ConfigError : public std::runtime_error {
public:
    explicit ConfigError(std::vector<std::string> errors);
    const std::vector<std::string>& errors() const noexcept { return errors_; }

private:
    std::vector<std::string> errors_;
};

// Loads, logs each warning, and throws ConfigError listing every error.
Config load_or_throw(const LoadOptions& options = {});

// What a command does with the configuration it was pointed at: each warning is written to
// `warnings` as "PREFIX: warning", and any error throws ConfigError with all of them. A file
// the caller named (env_file, config_file) that cannot be read is one of those errors.
LoadResult load_for_command(const LoadOptions& options, std::string_view prefix, std::ostream& warnings);

}  // namespace robo::config
