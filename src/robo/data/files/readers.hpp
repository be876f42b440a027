// data/files/readers.hpp — reads the market-data CSV files of ../shared/data (and the
// bundled data/sample) into Bars, Ticks and Quotes, reporting every row it cannot use.
//
// What a reader guarantees:
//   * Accounting: rows_read == bars.size() + rejected.size() (likewise ticks, quotes).
//     rows_read counts the data lines after the header; empty lines at the end of the
//     file are not rows, a blank line in the middle is a rejected row.
//   * A bad row is never dropped silently: under OnBadRow::quarantine it lands in
//     `rejected` with file:line:column and what was expected; under OnBadRow::stop the
//     first one throws DataFileError. A file that cannot be read at all (cannot open,
//     empty, unknown header, unknown time zone) always throws DataFileError.
//   * Never crashes on any input, and never allocates per field (one buffer per file).
// Conventions:
//   * Layout from the header alone (layout.hpp); bar files with other headers are read by the
//     names of their columns (columns.hpp) or by the user's ReadOptions::columns.
//   * Prices: Price::parse_rounded (8 decimals, half-to-even), because the sources carry
//     float noise ("112.62999725341797" -> 112.62999725). A price must be positive.
//     Volumes ("49650800.0") are Quantity, rounded to 4 decimals, never negative.
//   * A bar's OHLC must be consistent: low <= open, close <= high. Otherwise the row is
//     rejected, naming the column and both values.
//   * Symbol: the Name (Symbol, Ticker) column when the file has one (a row naming another
//     symbol is rejected); else ReadOptions::symbol; else from the file name
//     (symbol_from_file_name). A symbol with path characters ("../../ETC/X": a '/' or a leading
//     '.') is refused wherever it comes from (symbol_is_path_safe).
//   * Bar times (one format per file, set by its first row; text_scan.hpp TimeFormat):
//     2015-01-12, 20150112, ISO 8601 date-times (with Z or an offset: that instant), IBKR's
//     "20150112 09:30:00", epoch seconds or milliseconds (UTC), and 01/12/2015 only with
//     ReadOptions::date_order (otherwise the file is unreadable, naming the format found).
//     A file of bars without times of day is daily; so is one whose bars are a day or more apart.
//   * Time: a daily bar starts at 00:00 of its date in ReadOptions::time_zone (default
//     America/New_York), converted to UTC. Intraday, tick and bid/ask times are wall-clock
//     times in that zone converted to UTC across DST (local_clock.hpp: a time in the
//     spring-forward gap is a rejected row; a repeated autumn time is its first instant).
//     A date-time ending in Z is taken as UTC already.
//   * Order: bar times must strictly increase; a duplicate or earlier time is a rejected
//     row (the earlier row stays). Ticks and quotes may share a time (several trades in
//     the same millisecond) but must not go back in time.
//   * Timeframe: daily layouts are Timeframe::day. Intraday bars use ReadOptions::timeframe
//     when given, else the smallest spacing among the first 64 bars (60 s -> 1m, 300 s ->
//     5m, ...). Fewer than two bars, or a spacing no Timeframe has, throws DataFileError
//     asking for ReadOptions::timeframe (an empty file gets Timeframe::m1).
//   * Ticks: each row of the ticks layout is one trade: price = Close, size = Volume; the
//     other columns must still be numbers. Bid/ask rows have no sizes (zero); a crossed
//     quote (bid above ask) is a rejected row.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "robo/core/market_data.hpp"
#include "robo/data/files/issues.hpp"
#include "robo/data/files/layout.hpp"

namespace robo::data {

struct ReadOptions {
    std::optional<Symbol> symbol;  // used when the file has no Name column
    OnBadRow on_bad_row = OnBadRow::quarantine;
    std::string time_zone = "America/New_York";     // IANA name of the exchange's wall clock
    std::optional<Timeframe> timeframe;             // intraday bars only; inferred when absent
    ColumnMap columns;                              // the user's header names (parse_column_map)
    DateOrder date_order = DateOrder::unspecified;  // how to read 01/02/2015
};

struct BarFile {
    std::string path;
    FileLayout layout = FileLayout::daily_ohlcv_name;
    Symbol symbol;
    Timeframe timeframe = Timeframe::day;
    std::vector<Bar> bars;
    // Parallel to bars for the daily layouts ("Adj Close"); empty for intraday bars.
    std::vector<std::optional<Price>> adjusted_close;
    size_t rows_read = 0;  // data rows after the header == bars.size() + rejected.size()
    std::vector<RowIssue> rejected;
};

struct TickFile {
    std::string path;
    FileLayout layout = FileLayout::ticks;
    Symbol symbol;
    std::vector<Tick> ticks;
    size_t rows_read = 0;  // == ticks.size() + rejected.size()
    std::vector<RowIssue> rejected;
};

struct QuoteFile {
    std::string path;
    FileLayout layout = FileLayout::bid_ask;
    Symbol symbol;
    std::vector<Quote> quotes;  // bid_size and ask_size are zero: the file has no sizes
    size_t rows_read = 0;       // == quotes.size() + rejected.size()
    std::vector<RowIssue> rejected;
};

// Daily and intraday bar layouts. Throws DataFileError for a ticks or bid_ask file.
BarFile read_bar_file(const std::filesystem::path& path, const ReadOptions& options = {});
// The ticks layout.
TickFile read_tick_file(const std::filesystem::path& path, const ReadOptions& options = {});
// The bid_ask layout.
QuoteFile read_quote_file(const std::filesystem::path& path, const ReadOptions& options = {});
// Any of them, the file read once: the layout its first line shows picks the reader.
using DataFile = std::variant<BarFile, TickFile, QuoteFile>;
DataFile read_data_file(const std::filesystem::path& path, const ReadOptions& options = {});

// The same readers on text already in memory; `name` stands for the path in messages
// and for the symbol (tests, fuzzing, data that did not come from a file).
BarFile read_bar_text(std::string_view name, std::string_view text, const ReadOptions& options = {});
TickFile read_tick_text(std::string_view name, std::string_view text, const ReadOptions& options = {});
QuoteFile read_quote_text(std::string_view name, std::string_view text, const ReadOptions& options = {});

// The symbol a file name stands for: the stem split on '-', '_' and ' ', dropping words
// with digits ("1999", "1min") and the position words "long"/"short", rejoined with '-':
// AAPL.csv -> AAPL, long-nvda-1999-2014.csv -> NVDA, index-future-2006-1min.csv ->
// INDEX-FUTURE. Empty when nothing usable is left or it is no valid Symbol.
std::optional<Symbol> symbol_from_file_name(std::string_view path);

// False for a symbol that could climb out of a folder when used in a file name: one holding a
// '/' or starting with '.' ("../../ETC/X").
bool symbol_is_path_safe(const Symbol& symbol) noexcept;

}  // namespace robo::data
