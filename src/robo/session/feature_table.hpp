// session/feature_table.hpp — the features of bar series as a table, one row per bar and
// one column per feature (empty while a feature warms up): `robo_trader features`, and any
// caller that wants the indicators a session's strategies would see, without a session.
//
// The bars come from one file or from the database (the chosen symbols; the same rows as
// the files they were imported from). Bars already on the requested timeframe go straight
// to the indicators; finer intraday bars (1m to 5m) are first aggregated by the bar builder
// in New York time. `from`/`to` keep the bars of those days (UTC, `to` included), as in a
// backtest, and bars before `from` warm the indicators up without being written. Rows the
// reader rejected and rows the quality gate quarantines (data/quality/row_gate.hpp) are
// counted and never used; DATA_ON_BAD_ROW=stop makes the first of them an error.
// With `record`, every finite value written (partial bars aside) is also stored in the
// database's features table through the store's writer (a recomputation replaces the
// value; `db export features` gives them back).
#pragma once
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "robo/config/loader.hpp"
#include "robo/features/feature_spec.hpp"

namespace robo::session {

struct FeatureTableRequest {
    std::string data;               // one bar file, or
    std::optional<std::string> db;  // the database ("": DATA_DB_PATH) with `symbols`
    std::vector<std::string> symbols;
    std::string from, to;   // YYYY-MM-DD
    std::string timeframe;  // empty: the series' own
    std::string spec{features::kDefaultFeatureSpec};
    std::string out;  // the CSV written
    // Also store the values in this database; "": the --db file when reading from one, else
    // DATA_DB_PATH.
    std::optional<std::string> record;
};

// A request that cannot be served as asked (bad flag values, a series that cannot make the
// timeframe): the caller's mistake, not the data's.
struct BadFeatureRequest : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

struct FeatureTable {
    size_t rows = 0, input_bars = 0, refused_bars = 0, features = 0;
    std::string timeframe, symbols;
    size_t recorded = 0;        // feature values stored (with request.record)
    std::string recorded_into;  // the database
    // What was not used, one line each (the first few rejected and quarantined rows, counts).
    std::vector<std::string> notes;
};

// Writes the table to request.out. Throws BadFeatureRequest for the request, and
// std::runtime_error naming the file for data that cannot be read or written.
FeatureTable write_feature_table(const config::LoadResult& config, const FeatureTableRequest& request);
// `robo_trader features`: write_feature_table with its summary on `out` and its notes on
// `err`. 0 written; 2 for a bad request; 1 for anything else (each one line naming why).
int features_command(const config::LoadResult& config, const FeatureTableRequest& request, std::ostream& out,
                     std::ostream& err);

}  // namespace robo::session
