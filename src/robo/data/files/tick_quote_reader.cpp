// data/files/tick_quote_reader.cpp — the ticks and bid_ask layouts (conventions in readers.hpp).
#include <array>

#include "robo/data/files/row_checks.hpp"

namespace robo::data {

namespace {

using detail::Row;

// Ticks and quotes may share a time but never go back: returns false (and records the
// issue) when `t` is earlier than the previous accepted row.
bool in_order(const Row& row, Timestamp t, Timestamp previous, size_t previous_line,
              std::string_view previous_text) {
    if (previous_line == 0 || t >= previous) return true;
    return row.fail(0, "out of order: " + quote_found(row.text(0)) + " is earlier than line " +
                           std::to_string(previous_line) + " (" + quote_found(previous_text) + ")");
}

}  // namespace

TickFile read_tick_text(std::string_view name, std::string_view text, const ReadOptions& options) {
    auto body = detail::open_body(name, text);
    static constexpr std::array kLayouts{FileLayout::ticks};
    detail::require_layout(name, body.layout, kLayouts);

    TickFile file;
    file.path = std::string(name);
    file.layout = body.layout;
    file.symbol = detail::symbol_for(name, options);
    LocalClock clock = detail::clock_for(name, options);
    file.ticks.reserve(body.line_count);
    detail::RowSink sink(file.path, options.on_bad_row, file.rejected);

    Timestamp previous{};
    size_t previous_line = 0;
    std::string_view previous_text;
    // Datetime,Open,High,Low,Close,Volume,OpenInterest: the trade is Close x Volume.
    detail::for_each_row(body, row_columns(body.layout), sink, file.rows_read, [&](const Row& row) {
        LocalTime local;
        bool utc = false;
        Price open, high, low;
        Tick tick;
        if (!row.iso_date_time(0, local, utc)) return;
        if (!row.price(1, open) || !row.price(2, high) || !row.price(3, low) || !row.price(4, tick.price) ||
            !row.quantity(5, tick.size) || !row.number(6))
            return;
        if (utc) {
            tick.time = Timestamp{local.time_since_epoch()};
        } else if (!row.to_utc(clock, local, 0, row.text(0), {}, tick.time)) {
            return;
        }
        if (!in_order(row, tick.time, previous, previous_line, previous_text)) return;
        tick.symbol = file.symbol;
        file.ticks.push_back(tick);
        previous = tick.time;
        previous_line = row.line;
        previous_text = row.text(0);
    });
    return file;
}

QuoteFile read_quote_text(std::string_view name, std::string_view text, const ReadOptions& options) {
    auto body = detail::open_body(name, text);
    static constexpr std::array kLayouts{FileLayout::bid_ask};
    detail::require_layout(name, body.layout, kLayouts);

    QuoteFile file;
    file.path = std::string(name);
    file.layout = body.layout;
    file.symbol = detail::symbol_for(name, options);
    LocalClock clock = detail::clock_for(name, options);
    file.quotes.reserve(body.line_count);
    detail::RowSink sink(file.path, options.on_bad_row, file.rejected);

    Timestamp previous{};
    size_t previous_line = 0;
    std::string_view previous_text;
    // TIMESTAMP,BID,ASK with US dates; no sizes in the file.
    detail::for_each_row(body, row_columns(body.layout), sink, file.rows_read, [&](const Row& row) {
        LocalTime local;
        Quote quote;
        if (!row.us_date_time(0, local)) return;
        if (!row.price(1, quote.bid) || !row.price(2, quote.ask)) return;
        if (quote.bid > quote.ask) {
            row.fail(1, "crossed quote: BID " + std::string(row.text(1)) + " is above ASK " +
                            std::string(row.text(2)));
            return;
        }
        if (!row.to_utc(clock, local, 0, row.text(0), {}, quote.time)) return;
        if (!in_order(row, quote.time, previous, previous_line, previous_text)) return;
        quote.symbol = file.symbol;
        file.quotes.push_back(quote);
        previous = quote.time;
        previous_line = row.line;
        previous_text = row.text(0);
    });
    return file;
}

TickFile read_tick_file(const std::filesystem::path& path, const ReadOptions& options) {
    std::string text = detail::read_whole_file(path);
    return read_tick_text(path.string(), text, options);
}

QuoteFile read_quote_file(const std::filesystem::path& path, const ReadOptions& options) {
    std::string text = detail::read_whole_file(path);
    return read_quote_text(path.string(), text, options);
}

}  // namespace robo::data
