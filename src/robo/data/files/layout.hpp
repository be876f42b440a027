// data/files/layout.hpp — the CSV layouts of the market-data files we read, found from the
// header line alone.
//
// Known headers (names compared case-insensitively, spaces around names ignored, a UTF-8
// byte-order mark and CRLF line endings accepted):
//   daily_ohlcv_name  Date,High,Low,Open,Close,Volume,Adj Close,Name
//   daily_ohlc_adj    Date,Open,High,Low,Close,Adj Close,Volume
//   intraday_bars     Date,Time,Open,High,Low,Close,Volume,OpenInterest
//                     Date,Open,High,Low,Close,Volume,OpenInterest   (the header omits Time,
//                     but its rows carry it: they are read as Date,Time,Open,...)
//   ticks             Datetime,Open,High,Low,Close,Volume,OpenInterest   (one trade a row)
//   bid_ask           TIMESTAMP,BID,ASK
//   named_bars        any other header that names a time column and Open, High, Low, Close
//                     (Volume, Adj Close, Symbol optional; other columns ignored), by the usual
//                     names in any case (columns.hpp): Date,Open,High,Low,Close,Volume;
//                     timestamp,open,high,low,close,volume (what ibkr-backfill writes); ... or
//                     by a column mapping the user gives (--columns date=Datum,open=Eroeffnung).
// An unknown header is an error naming the file, what was found and what is expected.
// Never guesses a layout from the data rows.
#pragma once
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace robo::data {

enum class FileLayout { daily_ohlcv_name, daily_ohlc_adj, intraday_bars, ticks, bid_ask, named_bars };

// How to read a date written with slashes (03/04/2015): nobody can tell month-first from
// day-first, so a file in that form is read only when the user says which.
enum class DateOrder { unspecified, month_first, day_first };
// "" or "auto" -> unspecified, "mdy" -> month_first, "dmy" -> day_first; nullopt otherwise.
std::optional<DateOrder> parse_date_order(std::string_view text) noexcept;

// The user's column mapping: which header name holds which value ("date=Datum,open=Eroeffnung").
struct ColumnMap {
    std::vector<std::pair<std::string, std::string>> names;  // role -> header name
    bool empty() const noexcept { return names.empty(); }
};
// Parses "role=Header,role=Header"; roles: date, time, open, high, low, close, adj_close, volume,
// symbol. Throws std::invalid_argument naming the bad part and the roles.
ColumnMap parse_column_map(std::string_view text);

std::string_view to_string(FileLayout layout) noexcept;

// The columns each data row of the layout holds, in order (intraday_bars always includes
// Time, whichever of its two headers the file has).
std::span<const std::string_view> row_columns(FileLayout layout) noexcept;

// Matches a header line (without its line ending). Returns false for an unknown header.
bool match_header(std::string_view header_line, FileLayout& out) noexcept;

// Reads the first line of `path` and matches it; throws DataFileError (file:1:1: unknown
// header "..."; known headers: ...) for an unknown header, an empty file or one that
// cannot be opened.
// With a column mapping, every bar file is read by it (named_bars).
FileLayout detect_layout(const std::filesystem::path& path, const ColumnMap& columns = {});

// The same check on text already in memory; `name` is used in the error message.
FileLayout detect_layout_of_text(std::string_view name, std::string_view text, const ColumnMap& columns = {});

// One line listing every known header, for error messages and --help texts.
std::string known_headers_description();

}  // namespace robo::data
