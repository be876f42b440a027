// store/csv_export.hpp — writes stored bars, features, market ticks and a run's trades as CSV.
//
// Prices and quantities print exactly, as canonical decimals ("189.37", never
// "189.37000000001"); times as ISO 8601 UTC with microseconds. Features come out wide:
// one row per time, one column per stored feature name (those of the handoff's rsi,
// macd_line, macd_signal, bb_upper, bb_lower, atr, vwap that hold values first, then the
// others by name), an empty cell where a value is absent; values in the shortest text that reads back to the
// same double. Rows stream from the database (no whole-table copy in memory). Never writes to the database.
#pragma once
#include <cstddef>
#include <iosfwd>

#include "robo/store/reader.hpp"

namespace robo::store {

struct ExportRange {
    Symbol symbol;
    Timeframe timeframe = Timeframe::day;  // bars and features
    Timestamp from = time_min;
    Timestamp to = time_max;  // exclusive (the command line makes --to inclusive: inclusive_end)
};

// The exclusive end that makes a --to bound inclusive, as backtest reads it: a date
// (YYYY-MM-DD, 10 characters) includes its whole UTC day; a date-time includes that instant.
Timestamp inclusive_end(std::string_view text, Timestamp parsed);

// Each returns the number of data rows written (the header is not counted).
size_t export_bars_csv(Reader& reader, const ExportRange& range, std::ostream& out);
size_t export_features_csv(Reader& reader, const ExportRange& range, std::ostream& out);
// Market trade prints (the ticks table) of one symbol.
size_t export_ticks_csv(Reader& reader, const ExportRange& range, std::ostream& out);
// The executions of one run (the fills table) in time order, with the order's strategy and the
// position after each: time_utc,run_id,symbol,side,quantity,price,commission,position,strategy,
// exec_id,client_id. `symbol` empty: every symbol. Only range.from/range.to are used.
size_t export_trades_csv(Reader& reader, std::string_view run_id, const ExportRange& range, bool all_symbols,
                         std::ostream& out);

}  // namespace robo::store
