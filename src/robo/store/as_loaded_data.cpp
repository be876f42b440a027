// store/as_loaded_data.cpp — see as_loaded_data.hpp.
#include "robo/store/as_loaded_data.hpp"

#include <algorithm>

namespace robo::store {
namespace {

bool wanted(const DatabaseSelection& s, Symbol symbol) {
    return s.symbols.empty() || std::find(s.symbols.begin(), s.symbols.end(), symbol) != s.symbols.end();
}

// Distinct symbols of a symbol-first keyed table by seeking from one to the next: one
// index probe per symbol instead of a scan of every tick.
std::vector<Symbol> symbols_in(Connection& db, const std::string& table) {
    Statement next(db, "SELECT symbol FROM " + table + " WHERE symbol > ? ORDER BY symbol LIMIT 1");
    std::vector<Symbol> out;
    std::string last;
    for (;;) {
        next.bind(1, last);
        if (!next.step()) break;
        last = std::string(next.column_text(0));
        next.reset();
        Symbol s;
        if (!Symbol::try_make(last, s))
            throw StoreError(db.file().string() + ": " + table + ".symbol holds \"" + last +
                             "\", which robo_trader cannot read");
        out.push_back(s);
    }
    return out;
}

}  // namespace

data::LoadedData load_from_database(const std::filesystem::path& file, const DatabaseSelection& selection) {
    Reader reader(file);
    data::LoadedData out;
    out.root = file;
    std::string prefix = file.string() + "#";
    if (selection.bars) {
        for (const auto& series : reader.bar_series()) {
            if (!wanted(selection, series.symbol)) continue;
            data::BarFile f;
            f.path = prefix + series.symbol.str() + "/" + std::string(to_string(series.timeframe));
            bool daily = series.timeframe == Timeframe::day;
            f.layout = daily ? data::FileLayout::daily_ohlc_adj : data::FileLayout::intraday_bars;
            f.symbol = series.symbol;
            f.timeframe = series.timeframe;
            f.bars = reader.bars(series.symbol, series.timeframe, selection.from, selection.to);
            if (daily)
                f.adjusted_close =
                    reader.adjusted_closes(series.symbol, series.timeframe, selection.from, selection.to);
            f.rows_read = f.bars.size();
            out.bar_files.push_back(std::move(f));
        }
    }
    if (selection.ticks) {
        for (Symbol s : symbols_in(reader.connection(), "ticks")) {
            if (!wanted(selection, s)) continue;
            data::TickFile f;
            f.path = prefix + s.str() + "/ticks";
            f.symbol = s;
            f.ticks = reader.ticks(s, selection.from, selection.to);
            f.rows_read = f.ticks.size();
            out.tick_files.push_back(std::move(f));
        }
    }
    if (selection.quotes) {
        for (Symbol s : symbols_in(reader.connection(), "quotes")) {
            if (!wanted(selection, s)) continue;
            data::QuoteFile f;
            f.path = prefix + s.str() + "/quotes";
            f.symbol = s;
            f.quotes = reader.quotes(s, selection.from, selection.to);
            f.rows_read = f.quotes.size();
            out.quote_files.push_back(std::move(f));
        }
    }
    return out;
}

}  // namespace robo::store
