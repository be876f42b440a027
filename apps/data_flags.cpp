// apps/data_flags.cpp — see data_flags.hpp.
#include "data_flags.hpp"

#include <stdexcept>

#include "robo/data/files/inventory.hpp"

namespace robo::apps {

void add_data_format_flags(CLI::App& cmd, DataFormatFlags& flags) {
    cmd.add_option("--columns", flags.columns,
                   "Header names of a bar file with other names: role=Header,... (roles date, time, open, "
                   "high, low, close, adj_close, volume, symbol); default DATA_COLUMNS");
    cmd.add_option("--date-format", flags.date_format,
                   "Dates written with slashes: mdy (03/04/2015 = March 4) or dmy (April 3); default "
                   "DATA_DATE_FORMAT (auto: refused)");
    cmd.add_option("--symbol", flags.symbol,
                   "Symbol of files without a Symbol column (default: from the file name, AAPL.csv -> AAPL)");
    cmd.add_option("--time-zone", flags.time_zone,
                   "Exchange time zone of the files' wall-clock times (default DATA_TIMEZONE)");
}

data::ReadOptions read_options_from(const DataFormatFlags& flags, const config::Config& config) {
    data::ReadOptions options;
    const auto& cfg = config.data;
    options.time_zone = flags.time_zone.empty() ? cfg.timezone : flags.time_zone;
    data::apply_format_settings(options, flags.columns.empty() ? cfg.columns : flags.columns,
                                flags.date_format.empty() ? cfg.date_format : flags.date_format);
    if (!flags.symbol.empty()) {
        Symbol s;
        if (!Symbol::try_make(flags.symbol, s) || !data::symbol_is_path_safe(s))
            throw std::invalid_argument(
                "--symbol \"" + flags.symbol +
                "\": expected a ticker such as AAPL (letters, digits, . - ^ _; no '/' "
                "and no leading '.')");
        options.symbol = s;
    }
    return options;
}

}  // namespace robo::apps
