// engine/backtest.hpp — from a folder (or file) of market data to a finished run and its
// files: load and select the data, run a Session on it, write trades.csv, fills.csv,
// equity.csv and report.html.
//
// Loading reports everything it skipped: rejected rows are counted per file (the data
// readers quarantine them with file:line:column), rows the quality gate quarantines
// (data/quality/row_gate.hpp: the verdicts `validate` gives, counted by reason) never reach the
// feed, files that cannot be read are listed, and a symbol asked for but absent is an error,
// never an empty run. With `stop_on_bad_row` (DATA_ON_BAD_ROW=stop) the first rejected or
// quarantined row is an error "FILE:LINE: reason" instead.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "robo/data/files/inventory.hpp"
#include "robo/data/quality/row_gate.hpp"
#include "robo/data/record_feed.hpp"
#include "robo/engine/feed.hpp"
#include "robo/engine/session.hpp"
#include "robo/report/metrics.hpp"
#include "robo/report/outputs.hpp"

namespace robo::engine {

struct DataSelection {
    std::filesystem::path data;     // a folder (searched recursively for *.csv) or one file
    std::vector<Symbol> symbols;    // empty: all
    std::optional<Timestamp> from;  // first day included
    std::optional<Timestamp> to;    // last day included (the whole day)
    std::string time_zone = "America/New_York";
    bool stop_on_bad_row = false;       // DATA_ON_BAD_ROW=stop: the first bad row throws, naming it
    double outlier_mad_threshold = 12;  // DATA_OUTLIER_MAD_THRESHOLD: the quality gate's outlier band
    data::ColumnMap columns;            // DATA_COLUMNS (--columns): header names of other bar layouts
    data::DateOrder date_order = data::DateOrder::unspecified;  // DATA_DATE_FORMAT: 03/04/2015
    std::optional<Timestamp> now;  // what "in the future" is measured from; default the wall clock
    // DATA_MERGE_SAME_SYMBOL: files holding one symbol at one timeframe are merged into one
    // series; otherwise only the file whose data ends last is used and the others are left out.
    bool merge_same_symbol = false;
    // DATA_ADJUSTED_PRICES: trade total return: each daily bar's open, high, low and close times
    // its Adj Close / Close (splits and dividends folded in; volume as in the file). Bars without
    // an Adj Close are fed as they are; when no bar has one, loading fails saying so.
    bool adjusted_prices = false;
    // DATA_DIVIDENDS=cash: the cash dividends each daily file's Adj Close / Close shows
    // (data/quality/corporate_actions.hpp) are listed in LoadedFeed::dividends, to be booked
    // as cash on their ex-dates (Engine::set_dividends). Refused with adjusted_prices (those
    // prices already contain the dividends) and when no bar file has an Adj Close column.
    bool dividends_cash = false;
    // With `from`: bars each strategy needs before its first decision, on its timeframe
    // (nullopt: the data's own). That many bars of each bar series before `from` are loaded
    // as warm-up: indicators and strategies see them; nothing trades on them and the equity
    // curve and metrics start at `from`. Ticks and quotes get no warm-up.
    std::vector<std::pair<std::optional<Timeframe>, int>> warmup;
};

struct LoadedFeed {
    data::LoadedData inventory;  // what each file held, for print_inventory
    // The usable, selected records of `inventory`, by reference, in feed order (a bar put on
    // its Adj Close basis is kept by the feed). A LoadedFeed moves but is not copied.
    data::RecordFeed feed;
    size_t files = 0, bars = 0, ticks = 0, quotes = 0, rejected_rows = 0, outside_selection = 0;
    size_t warmup_bars = 0;  // bars before `from` loaded to warm up the strategies (in `feed`, as backfill)
    std::vector<std::string> failures;           // "path: reason" for files that could not be read
    std::vector<std::string> rejected_examples;  // the first few rejected rows, for the user
    // Rows of the files the quality gate quarantined (whatever the selection): never in `feed`.
    size_t quarantined_rows = 0;
    data::quality::ReasonCounts quarantined_by_reason{};
    std::vector<data::quality::QuarantinedRow> quarantined;  // every one, file by file
    std::vector<Symbol> symbols;                             // in the data, after selection, sorted
    // Symbols that more than one file holds at one timeframe, each file with its range and
    // the gap or overlap between them, and what was done: "NVDA: long-nvda-1999-2014.csv
    // 1999-01-22..2014-12-31, NVDA.csv 2015-01-12..2020-01-10 (gap of 12 days); only NVDA.csv
    // is used ...", or "...; merged into one series" with merge_same_symbol.
    std::vector<std::string> same_symbol_files;
    size_t left_out_bars = 0;  // bars of the same-symbol files not used (never gated, never fed)
    size_t adjusted_bars = 0;  // bars fed on their Adj Close basis (adjusted_prices)
    // dividends_cash: every cash dividend found in the files used, by symbol then ex-date;
    // amounts rounded to 0.0001 per share.
    std::vector<DividendEvent> dividends;
    // dividends_cash: files used whose bars have no Adj Close (their dividends are unknown).
    std::vector<std::string> files_without_adj_close;
};

// Throws std::runtime_error when nothing usable is found or a requested symbol is absent.
LoadedFeed load_feed(const DataSelection& selection);
// The same selection over data already loaded (from the database, store/as_loaded_data.hpp),
// so a run from the database takes exactly the path a run from files takes. `selection.data`
// only names the source in messages.
LoadedFeed feed_from_loaded(data::LoadedData loaded, const DataSelection& selection);

struct RunFiles {
    std::filesystem::path trades, fills, equity, report, summary;
};

// Writes trades.csv, fills.csv, equity.csv and report.html into `dir` (created if needed).
RunFiles write_run_files(const std::filesystem::path& dir, const exec::Portfolio& portfolio,
                         const report::Metrics& metrics, const report::ReportInfo& info);
// The same for a finished session over `loaded`, plus summary.json; the report and the
// summary add the equal-weight buy-and-hold benchmark of the traded symbols, the gate's
// refusals by kind (with how many carried several kinds), kill-switch trips by trigger,
// the gate and limits in force, the trader's counts and the quarantined rows.
RunFiles write_run_files(const std::filesystem::path& dir, Session& session, const LoadedFeed& loaded,
                         const report::Metrics& metrics, report::ReportInfo info);

}  // namespace robo::engine
