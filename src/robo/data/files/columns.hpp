// data/files/columns.hpp — where each value of a bar file sits, from its header: the fixed
// columns of the known layouts, or the header's own names (named_bars). Internal to data/files.
//
// Names are compared on their letters and digits only, in any case ("Adj Close", "adj_close"
// and "ADJCLOSE" are one name). Usual names: time: Date, Day, Datetime, Timestamp, Time (a
// Time column beside a Date column is the time of day); Open/O; High/H; Low/L; Close/C/Last/
// Close/Last; Adj Close/Adjusted Close; Volume/Vol/V; Symbol/Ticker/Name; OpenInterest/OI.
// A user's mapping (ColumnMap) is applied first; columns with other names are ignored.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "robo/data/files/layout.hpp"

namespace robo::data::detail {

// 0-based positions; -1 when the file lacks the value.
struct BarColumns {
    int date = -1, time = -1, open = -1, high = -1, low = -1, close = -1, volume = -1, adj_close = -1,
        name = -1, open_interest = -1;
    bool daily_layout = false;  // a known daily layout: no time of day, Timeframe::day
};

// The fixed columns of a known bar layout (daily_ohlcv_name, daily_ohlc_adj, intraday_bars).
BarColumns columns_of(FileLayout layout) noexcept;

// Maps a header line to bar columns. False with `problem` set ("no Close column; the header has:
// ...") when it names no time column or lacks one of Open, High, Low, Close, or when the mapping
// names a column the header does not have.
bool map_bar_columns(std::string_view header_line, const ColumnMap& user, BarColumns& out,
                     std::string& problem);

// The header's names, trimmed, without surrounding quotes (for messages and column counts).
std::vector<std::string> header_names(std::string_view header_line);

}  // namespace robo::data::detail
