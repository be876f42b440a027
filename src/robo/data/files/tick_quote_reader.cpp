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

// The frame both layouts share: open the body, check the layout, then keep each row that
// `parse` accepts, in time order, stamped with the file's symbol. `parse(row, clock, item)`
// fills the item or returns false after recording why the row failed.
template <class File, class Item, class Parse>
File read_timed_rows(std::string_view name, std::string_view text, const ReadOptions& options,
                     FileLayout layout, std::vector<Item> File::*items, Parse&& parse) {
    auto body = detail::open_body(name, text, options.columns);
    const std::array accepted{layout};
    detail::require_layout(name, body.layout, accepted);

    File file;
    file.path = std::string(name);
    file.layout = body.layout;
    file.symbol = detail::symbol_for(name, options);
    LocalClock clock = detail::clock_for(name, options);
    auto& out = file.*items;
    out.reserve(body.line_count);
    detail::RowSink sink(file.path, options.on_bad_row, file.rejected);

    Timestamp previous{};
    size_t previous_line = 0;
    std::string_view previous_text;
    detail::for_each_row(body, row_columns(body.layout), sink, file.rows_read, [&](const Row& row) {
        Item item;
        if (!parse(row, clock, item)) return;
        if (!in_order(row, item.time, previous, previous_line, previous_text)) return;
        item.symbol = file.symbol;
        out.push_back(item);
        previous = item.time;
        previous_line = row.line;
        previous_text = row.text(0);
    });
    return file;
}

}  // namespace

TickFile read_tick_text(std::string_view name, std::string_view text, const ReadOptions& options) {
    // Datetime,Open,High,Low,Close,Volume,OpenInterest: the trade is Close x Volume.
    return read_timed_rows(name, text, options, FileLayout::ticks, &TickFile::ticks,
                           [](const Row& row, LocalClock& clock, Tick& tick) {
                               LocalTime local;
                               bool utc = false;
                               Price open, high, low;
                               if (!row.iso_date_time(0, local, utc)) return false;
                               if (!row.price(1, open) || !row.price(2, high) || !row.price(3, low) ||
                                   !row.price(4, tick.price) || !row.quantity(5, tick.size) || !row.number(6))
                                   return false;
                               if (utc) {
                                   tick.time = Timestamp{local.time_since_epoch()};
                                   return true;
                               }
                               return row.to_utc(clock, local, 0, row.text(0), {}, tick.time);
                           });
}

QuoteFile read_quote_text(std::string_view name, std::string_view text, const ReadOptions& options) {
    // TIMESTAMP,BID,ASK with US dates; no sizes in the file.
    return read_timed_rows(name, text, options, FileLayout::bid_ask, &QuoteFile::quotes,
                           [](const Row& row, LocalClock& clock, Quote& quote) {
                               LocalTime local;
                               if (!row.us_date_time(0, local)) return false;
                               if (!row.price(1, quote.bid) || !row.price(2, quote.ask)) return false;
                               if (quote.bid > quote.ask) {
                                   row.fail(1, "crossed quote: BID " + std::string(row.text(1)) +
                                                   " is above ASK " + std::string(row.text(2)));
                                   return false;
                               }
                               return row.to_utc(clock, local, 0, row.text(0), {}, quote.time);
                           });
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
