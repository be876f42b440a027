// apps/data_flags.hpp — the file-format flags every command that reads market-data files
// takes: --columns, --date-format (defaults DATA_COLUMNS, DATA_DATE_FORMAT) and --symbol (for a
// file without a Symbol column whose name is not its symbol). docs/data-files.md lists them.
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "robo/config/config.hpp"
#include "robo/data/files/readers.hpp"

namespace robo::apps {

struct DataFormatFlags {
    std::string columns;      // empty: DATA_COLUMNS
    std::string date_format;  // empty: DATA_DATE_FORMAT
    std::string symbol;       // empty: the Symbol column or the file name
    std::string time_zone;    // empty: DATA_TIMEZONE
};

// Adds --columns, --date-format, --symbol and --time-zone to `cmd`.
void add_data_format_flags(CLI::App& cmd, DataFormatFlags& flags);

// The read options the flags (and the configuration under them) ask for. Throws
// std::invalid_argument naming the flag and what it expects.
data::ReadOptions read_options_from(const DataFormatFlags& flags, const config::Config& cfg);

}  // namespace robo::apps
