// session/data_commands.hpp — the commands that read market-data files without trading them:
// `robo_trader validate` (findings and a quality score per file) and `robo_trader import`
// (the files into the SQLite database), from a loaded configuration to an exit status. The
// format flags every such command takes (--columns, --date-format, --symbol, --time-zone) are
// resolved over the configuration here, so their precedence is decided in one place.
#pragma once
#include <iosfwd>
#include <string>

#include "robo/config/loader.hpp"
#include "robo/data/files/readers.hpp"

namespace robo::session {

// What the format flags say; an empty field falls back to its option.
struct DataFormat {
    std::string columns;      // empty: DATA_COLUMNS
    std::string date_format;  // empty: DATA_DATE_FORMAT
    std::string symbol;       // empty: the Symbol column or the file name
    std::string time_zone;    // empty: DATA_TIMEZONE
};

// The read options the flags (and the configuration under them) ask for. Throws
// std::invalid_argument naming the flag and what it expects.
data::ReadOptions read_options(const DataFormat& format, const config::Config& config);

struct ValidateRequest {
    std::string data;               // folder or file; empty: DATA_DIR
    double max_error_rate = 0.001;  // the 99.9 % data-quality bar
    std::string calendar = "auto";  // auto, nyse, none
    DataFormat format;
    size_t show = 10;      // findings listed per file
    size_t dividends = 0;  // dividends listed per file (all are counted)
};

// 0: every file passed; 1: a file over the error rate, without rows or unreadable; 2: nothing
// to read or a bad request (a line on `err` saying why).
int validate_market_data(const config::LoadResult& config, const ValidateRequest& request, std::ostream& out,
                         std::ostream& err);

// `robo_trader data inspect FILE`: reads one file and prints every rejected row (or stops at the
// first with stop_at_bad_row). 0 when the file was read; 1 when it could not be (on `err`).
int inspect_data_file(const config::LoadResult& config, const std::string& file, const DataFormat& format,
                      bool stop_at_bad_row, std::ostream& out, std::ostream& err);

// `robo_trader import`: loads DIR (or one file) into the database `db` (empty: DATA_DB_PATH),
// bars, ticks and quotes, one line per file on `out`, then the totals. Rows the reader rejects
// and rows the quality gate quarantines are reported, kept out and recorded in
// quality_findings; DATA_ON_BAD_ROW=stop stops at the first ("FILE:LINE: reason"). 0 when every
// file was read and stored; 1 when a file could not be read, nothing was stored (with the
// reason: no *.csv files, header-only files, every row rejected; no database is left behind)
// or the database refused rows. Throws for a path that does not exist.
int import_market_data(const config::LoadResult& config, const std::string& data, const std::string& db,
                       const DataFormat& format, std::ostream& out, std::ostream& err);

}  // namespace robo::session
