// config/sources.hpp — reading raw settings from where they come: a .env file, a TOML file,
// the process environment, --set flags. Each setting keeps its source (file and line) so
// that every later message can say where a value came from.
//
// Nothing here knows the option table: sources only turn text into (name, raw value,
// source) and report malformed input (a line that is not KEY=VALUE, a TOML syntax error)
// as errors with file and line. Never throws for bad input.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace robo::config {

struct Source {
    enum class Kind { default_value, preset, config_file, dotenv, environment, flag };
    Kind kind = Kind::default_value;
    std::string file;  // config_file, dotenv: the path as given; preset: the environment
    int line = 0;
    // "default", "preset production", "config.toml line 5", ".env line 12", "environment", "--set"
    std::string describe() const;
};

struct Setting {
    std::string name;
    std::string raw;
    Source source;
};

struct Diagnostic {
    enum class Severity { warning, error };
    Severity severity = Severity::error;
    std::string variable;  // may be empty (e.g. a file that cannot be read)
    std::string message;   // one line, starting with "config: "
};

struct SourceRead {
    std::vector<Setting> settings;
    std::vector<Diagnostic> diagnostics;
};

// KEY=VALUE lines; '#' comments; optional "export "; single quotes literal; double quotes
// with \n \t \" \\ escapes; unquoted values end at " #". `label` names the file in messages.
SourceRead parse_dotenv(std::string_view text, const std::string& label);
SourceRead read_dotenv(const std::filesystem::path& file);

// Either flat keys (IBKR_PORT = 7497) or tables named after the prefixes
// ([ibkr] port = 7497 -> IBKR_PORT); top-level keys in any case (environment = "dev").
// Arrays become comma-separated lists.
SourceRead parse_toml(std::string_view text, const std::string& label);
SourceRead read_toml(const std::filesystem::path& file);

// Variables from a name/value list (tests) or from the process environment. Only names
// that are options or carry a project prefix are kept; `is_relevant` decides.
SourceRead read_environment(const std::vector<std::pair<std::string, std::string>>& vars,
                            bool (*is_relevant)(std::string_view name));
std::vector<std::pair<std::string, std::string>> process_environment();

// "KEY=VALUE" items from --set flags.
SourceRead parse_overrides(const std::vector<std::string>& items);

}  // namespace robo::config
