// data/files/bar_reader.cpp — the daily and intraday bar layouts (conventions in readers.hpp).
#include <array>

#include "robo/data/files/row_checks.hpp"

namespace robo::data {

namespace {

using detail::Row;

// Where each value sits in a layout's rows (0-based); -1 when the layout lacks it.
struct BarColumns {
    int date, time, open, high, low, close, volume, adj_close, name, open_interest;
};

BarColumns columns_of(FileLayout layout) {
    switch (layout) {
        case FileLayout::daily_ohlcv_name:
            return {0, -1, 3, 1, 2, 4, 5, 6, 7, -1};
        case FileLayout::daily_ohlc_adj:
            return {0, -1, 1, 2, 3, 4, 6, 5, -1, -1};
        default:
            return {0, 1, 2, 3, 4, 5, 6, -1, -1, 7};
    }
}

size_t col(int c) { return static_cast<size_t>(c); }

// high >= open, close, low and low <= open, close; names the offending column.
bool ohlc_consistent(const Row& row, const BarColumns& c, const Bar& b) {
    auto below = [&](int lhs, int rhs) {
        return row.fail(col(lhs), std::string(row.names[col(lhs)]) + " " + std::string(row.text(col(lhs))) +
                                      " is below " + std::string(row.names[col(rhs)]) + " " +
                                      std::string(row.text(col(rhs))) + ": inconsistent OHLC");
    };
    auto above = [&](int lhs, int rhs) {
        return row.fail(col(lhs), std::string(row.names[col(lhs)]) + " " + std::string(row.text(col(lhs))) +
                                      " is above " + std::string(row.names[col(rhs)]) + " " +
                                      std::string(row.text(col(rhs))) + ": inconsistent OHLC");
    };
    if (b.high < b.low) return below(c.high, c.low);
    if (b.high < b.open) return below(c.high, c.open);
    if (b.high < b.close) return below(c.high, c.close);
    if (b.low > b.open) return above(c.low, c.open);
    if (b.low > b.close) return above(c.low, c.close);
    return true;
}

// The smallest spacing among the first bars, as a Timeframe.
Timeframe infer_timeframe(const BarFile& file) {
    const size_t n = std::min<size_t>(file.bars.size(), 64);
    int64_t smallest = 0;
    for (size_t i = 1; i < n; ++i) {
        auto gap =
            std::chrono::duration_cast<std::chrono::seconds>(file.bars[i].start - file.bars[i - 1].start)
                .count();
        if (gap > 0 && (smallest == 0 || gap < smallest)) smallest = gap;
    }
    for (auto tf : {Timeframe::s1, Timeframe::s5, Timeframe::m1, Timeframe::m5, Timeframe::m15,
                    Timeframe::m30, Timeframe::h1})
        if (smallest == timeframe_seconds(tf)) return tf;
    std::string why = smallest == 0
                          ? "it has fewer than two bars"
                          : "the smallest spacing of its first bars is " + std::to_string(smallest) +
                                " s, which is no known timeframe (1s 5s 1m 5m 15m 30m 1h)";
    throw DataFileError(
        {file.path, 0, 0, "cannot infer the bar timeframe: " + why + "; pass one (ReadOptions::timeframe)"});
}

}  // namespace

BarFile read_bar_text(std::string_view name, std::string_view text, const ReadOptions& options) {
    auto body = detail::open_body(name, text);
    static constexpr std::array kBarLayouts{FileLayout::daily_ohlcv_name, FileLayout::daily_ohlc_adj,
                                            FileLayout::intraday_bars};
    detail::require_layout(name, body.layout, kBarLayouts);

    BarFile file;
    file.path = std::string(name);
    file.layout = body.layout;
    const BarColumns c = columns_of(body.layout);
    const bool daily = c.time < 0;
    const bool named = c.name >= 0;
    file.timeframe = daily ? Timeframe::day : options.timeframe.value_or(Timeframe::m1);
    if (named) {
        // The Name column decides; these are only for a file whose rows all fail.
        if (options.symbol)
            file.symbol = *options.symbol;
        else if (auto s = symbol_from_file_name(name))
            file.symbol = *s;
    } else {
        file.symbol = detail::symbol_for(name, options);
    }
    std::string_view symbol_text;  // the Name text of the first accepted row
    bool symbol_from_rows = false;
    size_t symbol_line = 0;

    LocalClock clock = detail::clock_for(name, options);
    file.bars.reserve(body.line_count);
    if (daily) file.adjusted_close.reserve(body.line_count);
    detail::RowSink sink(file.path, options.on_bad_row, file.rejected);
    auto names = row_columns(body.layout);

    bool have_previous = false;
    Timestamp previous_time{};
    size_t previous_line = 0;
    std::string_view previous_date, previous_clock;

    detail::for_each_row(body, names, sink, file.rows_read, [&](const Row& row) {
        Bar bar;
        date::local_days day;
        Duration in_day{};
        if (!row.date(col(c.date), day)) return;
        if (!daily && !row.clock_time(col(c.time), in_day)) return;
        if (!row.price(col(c.open), bar.open) || !row.price(col(c.high), bar.high) ||
            !row.price(col(c.low), bar.low) || !row.price(col(c.close), bar.close) ||
            !row.quantity(col(c.volume), bar.volume))
            return;
        std::optional<Price> adjusted;
        if (c.adj_close >= 0 && !row.text(col(c.adj_close)).empty()) {
            Price adj;
            if (!row.price(col(c.adj_close), adj)) return;
            adjusted = adj;
        }
        if (c.open_interest >= 0 && !row.number(col(c.open_interest))) return;
        if (!ohlc_consistent(row, c, bar)) return;

        std::string_view clock_text = daily ? std::string_view{} : row.text(col(c.time));
        if (!row.to_utc(clock, LocalTime{day} + in_day, col(c.date), row.text(col(c.date)), clock_text,
                        bar.start))
            return;
        if (have_previous && bar.start <= previous_time) {
            auto shown = detail::shown_time(row.text(col(c.date)), clock_text);
            if (bar.start == previous_time) {
                row.fail(col(c.date),
                         "duplicate time: " + shown + " repeats line " + std::to_string(previous_line));
            } else {
                row.fail(col(c.date), "out of order: " + shown + " is earlier than line " +
                                          std::to_string(previous_line) + " (" +
                                          detail::shown_time(previous_date, previous_clock) + ")");
            }
            return;
        }
        if (named) {
            std::string_view name_text = row.text(col(c.name));
            if (!symbol_from_rows) {
                Symbol s;
                if (!Symbol::try_make(name_text, s)) {
                    row.fail(col(c.name),
                             "expected a ticker symbol for Name, found " + quote_found(name_text));
                    return;
                }
                file.symbol = s;
                symbol_text = name_text;
                symbol_line = row.line;
                symbol_from_rows = true;
            } else if (name_text != symbol_text) {
                Symbol s;
                if (!Symbol::try_make(name_text, s) || !(s == file.symbol)) {
                    row.fail(col(c.name), "Name " + quote_found(name_text) +
                                              " differs from the file's symbol " + file.symbol.str() +
                                              " (set by line " + std::to_string(symbol_line) + ")");
                    return;
                }
            }
        }
        bar.symbol = file.symbol;
        bar.timeframe = file.timeframe;
        file.bars.push_back(bar);
        if (daily) file.adjusted_close.push_back(adjusted);
        have_previous = true;
        previous_time = bar.start;
        previous_line = row.line;
        previous_date = row.text(col(c.date));
        previous_clock = clock_text;
    });

    if (!daily && !options.timeframe && !file.bars.empty()) {
        file.timeframe = infer_timeframe(file);
        for (auto& b : file.bars) b.timeframe = file.timeframe;
    }
    return file;
}

BarFile read_bar_file(const std::filesystem::path& path, const ReadOptions& options) {
    std::string text = detail::read_whole_file(path);
    return read_bar_text(path.string(), text, options);
}

}  // namespace robo::data
