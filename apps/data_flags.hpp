// apps/data_flags.hpp — the file-format flags every command that reads market-data files
// takes: --columns, --date-format (defaults DATA_COLUMNS, DATA_DATE_FORMAT), --symbol (for a
// file without a Symbol column whose name is not its symbol) and --time-zone. What they mean
// over the configuration is session::read_options (session/data_commands.hpp).
#pragma once
#include <CLI/CLI.hpp>

#include "robo/session/data_commands.hpp"

namespace robo::apps {

// Adds --columns, --date-format, --symbol and --time-zone to `cmd`.
void add_data_format_flags(CLI::App& cmd, session::DataFormat& flags);

}  // namespace robo::apps
