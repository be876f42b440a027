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
// An unknown header is an error naming the file, what was found and every known header.
// Never guesses a layout from the data rows.
#pragma once
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace robo::data {

enum class FileLayout { daily_ohlcv_name, daily_ohlc_adj, intraday_bars, ticks, bid_ask };

std::string_view to_string(FileLayout layout) noexcept;

// The columns each data row of the layout holds, in order (intraday_bars always includes
// Time, whichever of its two headers the file has).
std::span<const std::string_view> row_columns(FileLayout layout) noexcept;

// Matches a header line (without its line ending). Returns false for an unknown header.
bool match_header(std::string_view header_line, FileLayout& out) noexcept;

// Reads the first line of `path` and matches it; throws DataFileError (file:1:1: unknown
// header "..."; known headers: ...) for an unknown header, an empty file or one that
// cannot be opened.
FileLayout detect_layout(const std::filesystem::path& path);

// The same check on text already in memory; `name` is used in the error message.
FileLayout detect_layout_of_text(std::string_view name, std::string_view text);

// One line listing every known header, for error messages and --help texts.
std::string known_headers_description();

}  // namespace robo::data
