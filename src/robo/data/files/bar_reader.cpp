// data/files/bar_reader.cpp — the daily and intraday bar layouts (conventions in readers.hpp).
#include <array>

#include "robo/data/files/columns.hpp"
#include "robo/data/files/row_checks.hpp"

namespace robo::data {

namespace {

using detail::Row;

using detail::BarColumns;

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
    if (smallest >= 86400 - 3600) return Timeframe::day;  // a day apart (an hour less across DST)
    std::string why = smallest == 0
                          ? "it has fewer than two bars"
                          : "the smallest spacing of its first bars is " + std::to_string(smallest) +
                                " s, which is no known timeframe (1s 5s 1m 5m 15m 30m 1h 1d)";
    throw DataFileError(
        {file.path, 0, 0, "cannot infer the bar timeframe: " + why + "; pass one (ReadOptions::timeframe)"});
}

// The time column of a bar file: its format is set by the first row that has one, and every
// row must follow it (a file mixing formats is more likely broken than clever).
struct TimeColumn {
    TimeFormat format = TimeFormat::unknown;
    bool date_only;  // the layout has a separate Time column (or is a known daily layout)

    // Reads the row's time as a UTC instant (utc) or a wall time; false after recording why.
    bool read(const detail::Row& row, size_t column, DateOrder order, LocalTime& out, bool& utc,
              bool& has_clock) {
        const std::string_view text = row.text(column);
        if (format == TimeFormat::unknown) {
            const TimeFormat found = time_format_of(text, order);
            if (found == TimeFormat::slashed_unordered)
                throw DataFileError({std::string(row.sink.file()), row.line, column + 1,
                                     std::string(row.names[column]) + " " + quote_found(text) +
                                         " is written MM/DD/YYYY or DD/MM/YYYY, which cannot be told apart: "
                                         "say which with --date-format mdy or --date-format dmy "
                                         "(DATA_DATE_FORMAT)"});
            if (found == TimeFormat::unknown ||
                (date_only && found != TimeFormat::iso_date && found != TimeFormat::compact_date &&
                 found != TimeFormat::month_first && found != TimeFormat::day_first))
                return row.fail(
                    column, "expected a date like 2015-01-12 (or 20150112" +
                                std::string(date_only ? "" : ", 2015-01-12T09:30:00Z, epoch seconds") +
                                ") for " + std::string(row.names[column]) + ", found " + quote_found(text));
            format = found;
        }
        const auto status = parse_time_as(format, text, out, utc, has_clock);
        if (status == TimeParse::ok) return true;
        const std::string name(row.names[column]);
        if (status == TimeParse::bad_shape)
            return row.fail(
                column,
                std::string(has_clock || format_example(format).size() > 10 ? "expected a time like "
                                                                            : "expected a date like ") +
                    std::string(format_example(format)) + " for " + name + ", found " + quote_found(text));
        if (status == TimeParse::out_of_range)
            return row.fail(column, name + " " + quote_found(text) + " is outside the years " +
                                        std::to_string(kMinYear) + " to " + std::to_string(kMaxYear));
        return row.fail(column, name + " " + quote_found(text) + " is not a real calendar date");
    }
};

}  // namespace

BarFile read_bar_text(std::string_view name, std::string_view text, const ReadOptions& options) {
    auto body = detail::open_body(name, text, options.columns);
    static constexpr std::array kBarLayouts{FileLayout::daily_ohlcv_name, FileLayout::daily_ohlc_adj,
                                            FileLayout::intraday_bars, FileLayout::named_bars};
    detail::require_layout(name, body.layout, kBarLayouts);

    BarFile file;
    file.path = std::string(name);
    file.layout = body.layout;
    BarColumns c = detail::columns_of(body.layout);
    std::vector<std::string> header_names;
    std::vector<std::string_view> names;
    if (body.layout == FileLayout::named_bars) {
        std::string problem;
        if (!detail::map_bar_columns(body.header, options.columns, c, problem))
            throw DataFileError({file.path, 1, 1, problem});  // detect_layout mapped it: cannot happen
        header_names = detail::header_names(body.header);
        names.assign(header_names.begin(), header_names.end());
    } else {
        auto fixed = row_columns(body.layout);
        names.assign(fixed.begin(), fixed.end());
    }
    const bool named = c.name >= 0;
    const bool separate_time = c.time >= 0;
    bool any_clock = separate_time;  // some row carried a time of day
    file.timeframe = c.daily_layout ? Timeframe::day : options.timeframe.value_or(Timeframe::m1);
    if (named) {
        // The Name column decides; these are only for a file whose rows all fail.
        if (options.symbol && symbol_is_path_safe(*options.symbol))
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
    file.adjusted_close.reserve(body.line_count);
    detail::RowSink sink(file.path, options.on_bad_row, file.rejected);
    TimeColumn when{TimeFormat::unknown, separate_time || c.daily_layout};

    bool have_previous = false;
    Timestamp previous_time{};
    size_t previous_line = 0;
    std::string_view previous_date, previous_clock;

    detail::for_each_row(body, names, sink, file.rows_read, [&](const Row& row) {
        Bar bar;
        LocalTime local{};
        bool utc = false, has_clock = false;
        Duration in_day{};
        if (!when.read(row, col(c.date), options.date_order, local, utc, has_clock)) return;
        if (separate_time && !row.clock_time(col(c.time), in_day)) return;
        if (!row.price(col(c.open), bar.open) || !row.price(col(c.high), bar.high) ||
            !row.price(col(c.low), bar.low) || !row.price(col(c.close), bar.close))
            return;
        if (c.volume >= 0 && !row.quantity(col(c.volume), bar.volume)) return;
        std::optional<Price> adjusted;
        if (c.adj_close >= 0 && !row.text(col(c.adj_close)).empty()) {
            Price adj;
            if (!row.price(col(c.adj_close), adj)) return;
            adjusted = adj;
        }
        if (c.open_interest >= 0 && !row.text(col(c.open_interest)).empty() &&
            !row.number(col(c.open_interest)))
            return;
        if (!ohlc_consistent(row, c, bar)) return;

        std::string_view clock_text = separate_time ? row.text(col(c.time)) : std::string_view{};
        if (utc) {
            bar.start = Timestamp{(local + in_day).time_since_epoch()};
        } else if (!row.to_utc(clock, local + in_day, col(c.date), row.text(col(c.date)), clock_text,
                               bar.start)) {
            return;
        }
        any_clock |= has_clock;
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
                    row.fail(col(c.name), "expected a ticker symbol for " + std::string(names[col(c.name)]) +
                                              ", found " + quote_found(name_text));
                    return;
                }
                if (!symbol_is_path_safe(s)) {
                    row.fail(col(c.name), std::string(names[col(c.name)]) + " " + quote_found(name_text) +
                                              " holds path characters ('/' or a leading '.'): refused");
                    return;
                }
                file.symbol = s;
                symbol_text = name_text;
                symbol_line = row.line;
                symbol_from_rows = true;
            } else if (name_text != symbol_text) {
                Symbol s;
                if (!Symbol::try_make(name_text, s) || !(s == file.symbol)) {
                    row.fail(col(c.name), std::string(names[col(c.name)]) + " " + quote_found(name_text) +
                                              " differs from the file's symbol " + file.symbol.str() +
                                              " (set by line " + std::to_string(symbol_line) + ")");
                    return;
                }
            }
        }
        bar.symbol = file.symbol;
        bar.timeframe = file.timeframe;
        file.bars.push_back(bar);
        file.adjusted_close.push_back(adjusted);
        have_previous = true;
        previous_time = bar.start;
        previous_line = row.line;
        previous_date = row.text(col(c.date));
        previous_clock = clock_text;
    });

    if (!c.daily_layout) {
        if (!any_clock && !options.timeframe)
            file.timeframe = Timeframe::day;  // dates without times of day: daily bars
        else if (!options.timeframe && !file.bars.empty())
            file.timeframe = infer_timeframe(file);
        for (auto& b : file.bars) b.timeframe = file.timeframe;
    }
    // Parallel to the bars of a daily file (nullopt without Adj Close); none for intraday bars.
    if (file.timeframe != Timeframe::day) file.adjusted_close.clear();
    return file;
}

BarFile read_bar_file(const std::filesystem::path& path, const ReadOptions& options) {
    std::string text = detail::read_whole_file(path);
    return read_bar_text(path.string(), text, options);
}

DataFile read_data_file(const std::filesystem::path& path, const ReadOptions& options) {
    // One read: detecting the layout from the file first opened it, and read (and zero-filled)
    // 64 KiB of it, before the reader read it whole again.
    const std::string text = detail::read_whole_file(path);
    const std::string name = path.string();
    switch (detect_layout_of_text(name, text, options.columns)) {
        case FileLayout::ticks:
            return read_tick_text(name, text, options);
        case FileLayout::bid_ask:
            return read_quote_text(name, text, options);
        default:
            return read_bar_text(name, text, options);
    }
}

}  // namespace robo::data
