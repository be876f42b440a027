// apps/data_flags.cpp — see data_flags.hpp.
#include "data_flags.hpp"

namespace robo::apps {

void add_data_format_flags(CLI::App& cmd, session::DataFormat& flags) {
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

}  // namespace robo::apps
