// store/csv_export.hpp — writes stored bars, features and trades as CSV.
//
// Prices and quantities print exactly, as canonical decimals ("189.37", never
// "189.37000000001"); times as ISO 8601 UTC with microseconds. Features come out wide:
// one row per time, one column per feature name (the handoff's rsi, macd_line,
// macd_signal, bb_upper, bb_lower, atr, vwap first, then any others by name), an empty
// cell where a value is absent; values in the shortest text that reads back to the same
// double. Rows stream from the database (no whole-table copy in memory).
// Never writes to the database.
#pragma once
#include <cstddef>
#include <iosfwd>

#include "robo/store/reader.hpp"

namespace robo::store {

struct ExportRange {
    Symbol symbol;
    Timeframe timeframe = Timeframe::day;  // bars and features
    Timestamp from = time_min;
    Timestamp to = time_max;  // exclusive
};

// Each returns the number of data rows written (the header is not counted).
size_t export_bars_csv(Reader& reader, const ExportRange& range, std::ostream& out);
size_t export_features_csv(Reader& reader, const ExportRange& range, std::ostream& out);
size_t export_trades_csv(Reader& reader, const ExportRange& range, std::ostream& out);

}  // namespace robo::store
