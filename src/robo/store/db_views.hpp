// store/db_views.hpp — what `robo_trader db` shows and exports, as rows and text: the
// command line only parses its flags and prints what these return.
//
// Views: positions, orders, fills, runs (one line per run with its results, from its config
// and summary JSON; a run still "running" whose process is gone shows as "aborted") and
// status (schema version, rows per table, bar series, kill switch). Exports: bars, features,
// ticks of one symbol, or the trades of a run, with --from inclusive and --to inclusive of its
// day (as backtest reads it). Prices print as exact decimals. Reads through a read-only
// Reader; only migrate() writes. Errors: std::invalid_argument naming the flag and what was
// expected; std::runtime_error (StoreError) for a file that cannot be read or written.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "robo/store/reader.hpp"

namespace robo::store {

struct TableView {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

// Columns padded to their widest cell, two spaces apart, the last one unpadded; "(none)"
// after the header when there are no rows.
std::string format_table(const TableView& table);

TableView positions_view(Reader& reader, std::string_view run_id);
TableView orders_view(Reader& reader, std::string_view run_id, size_t limit);
TableView fills_view(Reader& reader, std::string_view run_id, size_t limit);
TableView runs_view(Reader& reader, size_t limit);
// One run's row of runs_view: run, kind, status, started_utc, took, strategies, symbols,
// fills, equity, return, stop ("-" where the run's JSON lacks it).
std::vector<std::string> run_row(const RunInfo& run);
// `db status`; `label` names the file in the first line.
std::string status_text(Reader& reader, const std::string& label);

// What `db VIEW` prints: positions, orders, fills, runs or status. `run_id` empty: every run.
std::string show_view(const std::filesystem::path& db, std::string_view view, std::string_view run_id,
                      size_t limit);

// --from and --to as export reads them: empty is unbounded; a date YYYY-MM-DD or a UTC time
// YYYY-MM-DDTHH:MM:SS; --to includes its day (or its instant). Throws std::invalid_argument.
Timestamp parse_from_bound(const std::string& text);
Timestamp parse_to_bound(const std::string& text);

struct ExportRequest {
    std::string what;    // bars, features, ticks, trades
    std::string symbol;  // required except for trades (there: empty = every symbol)
    std::string run;     // trades: empty = the latest run
    std::string out;     // the CSV file
    std::string timeframe = "1d";
    std::string from, to;
};

// Writes the CSV and returns what to print: "wrote N ... to FILE", and why when a features
// export found no rows.
std::string export_csv(const std::filesystem::path& db, const ExportRequest& request);

// Upgrades the database in place; returns "FILE: schema version N". Refuses a missing file.
std::string migrate(const std::filesystem::path& db);

}  // namespace robo::store
