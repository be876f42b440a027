#include "robo/data/files/layout.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "robo/data/files/columns.hpp"
#include "robo/data/files/issues.hpp"
#include "robo/data/files/row_checks.hpp"
#include "robo/data/files/text_scan.hpp"

namespace robo::data {

namespace {

constexpr std::array<std::string_view, 8> kDailyName{"Date",  "High",   "Low",       "Open",
                                                     "Close", "Volume", "Adj Close", "Name"};
constexpr std::array<std::string_view, 7> kDailyAdj{"Date",  "Open",      "High",  "Low",
                                                    "Close", "Adj Close", "Volume"};
constexpr std::array<std::string_view, 8> kIntraday{"Date", "Time",  "Open",   "High",
                                                    "Low",  "Close", "Volume", "OpenInterest"};
constexpr std::array<std::string_view, 7> kIntradayNoTime{"Date",  "Open",   "High",        "Low",
                                                          "Close", "Volume", "OpenInterest"};
constexpr std::array<std::string_view, 7> kTicks{"Datetime", "Open",   "High",        "Low",
                                                 "Close",    "Volume", "OpenInterest"};
constexpr std::array<std::string_view, 3> kBidAsk{"TIMESTAMP", "BID", "ASK"};

struct KnownHeader {
    FileLayout layout;
    std::span<const std::string_view> names;
};
constexpr std::array<KnownHeader, 6> kKnown{{
    {FileLayout::daily_ohlcv_name, kDailyName},
    {FileLayout::daily_ohlc_adj, kDailyAdj},
    {FileLayout::intraday_bars, kIntraday},
    {FileLayout::intraday_bars, kIntradayNoTime},
    {FileLayout::ticks, kTicks},
    {FileLayout::bid_ask, kBidAsk},
}};

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

}  // namespace

std::string_view to_string(FileLayout layout) noexcept {
    switch (layout) {
        case FileLayout::daily_ohlcv_name:
            return "daily_ohlcv_name";
        case FileLayout::daily_ohlc_adj:
            return "daily_ohlc_adj";
        case FileLayout::intraday_bars:
            return "intraday_bars";
        case FileLayout::ticks:
            return "ticks";
        case FileLayout::bid_ask:
            return "bid_ask";
        case FileLayout::named_bars:
            return "named_bars";
    }
    return "unknown";
}

std::span<const std::string_view> row_columns(FileLayout layout) noexcept {
    switch (layout) {
        case FileLayout::daily_ohlcv_name:
            return kDailyName;
        case FileLayout::daily_ohlc_adj:
            return kDailyAdj;
        case FileLayout::intraday_bars:
            return kIntraday;
        case FileLayout::ticks:
            return kTicks;
        case FileLayout::bid_ask:
            return kBidAsk;
        case FileLayout::named_bars:
            break;  // the file's own header
    }
    return {};
}

bool match_header(std::string_view line, FileLayout& out) noexcept {
    line = strip_line_end(strip_bom(line));
    FieldSplit fields(line);
    for (const auto& known : kKnown) {
        if (fields.count() != known.names.size()) continue;
        bool same = true;
        for (size_t i = 0; i < known.names.size() && same; ++i)
            same = iequals(trim_spaces(fields[i]), known.names[i]);
        if (same) {
            out = known.layout;
            return true;
        }
    }
    return false;
}

std::string known_headers_description() {
    std::string out;
    for (const auto& known : kKnown) {
        if (!out.empty()) out += "; ";
        out += fmt::format("{}", fmt::join(known.names, ","));
        out += " (";
        out += to_string(known.layout);
        out += ')';
    }
    return out;
}

FileLayout detect_layout_of_text(std::string_view name, std::string_view text, const ColumnMap& columns) {
    if (trim_trailing_blank(strip_bom(text)).empty())
        throw DataFileError({std::string(name), 1, 1,
                             "file is empty: expected a header line naming the columns (known headers: " +
                                 known_headers_description() + ")"});
    std::string_view first = first_line(strip_bom(text));
    FileLayout layout;
    const bool exact = match_header(first, layout);
    if (exact && (columns.empty() || layout == FileLayout::ticks || layout == FileLayout::bid_ask))
        return layout;
    detail::BarColumns mapped;
    std::string problem;
    if (detail::map_bar_columns(first, columns, mapped, problem)) return FileLayout::named_bars;
    if (!columns.empty())
        throw DataFileError({std::string(name), 1, 1, "header " + quote_found(first, 120) + ": " + problem});
    std::string why;
    if (first.find(',') == std::string_view::npos && first.find(';') != std::string_view::npos)
        why =
            "; its fields are separated by ';': only comma-separated files are read (export with ',' "
            "between fields and '.' in numbers)";
    else if (first.find(',') == std::string_view::npos && first.find('\t') != std::string_view::npos)
        why = "; its fields are separated by tabs: only comma-separated files are read";
    throw DataFileError(
        {std::string(name), 1, 1,
         "unknown header " + quote_found(first, 120) + why + ": " + problem +
             "; name other columns with --columns date=...,open=...,high=...,low=...,close=... "
             "(docs/data-files.md); known headers: " +
             known_headers_description()});
}

FileLayout detect_layout(const std::filesystem::path& path, const ColumnMap& columns) {
    // Only the first line is needed; 64 KiB is far more than any header.
    auto file = detail::open_regular_file(path);  // never waits on a FIFO
    std::string head(64 * 1024, '\0');
    head.resize(std::fread(head.data(), 1, head.size(), file.get()));
    return detect_layout_of_text(path.string(), head, columns);
}

}  // namespace robo::data
