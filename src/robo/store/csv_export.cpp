// store/csv_export.cpp — see csv_export.hpp.
#include "robo/store/csv_export.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <ostream>
#include <set>

namespace robo::store {
namespace {

std::string shortest(double v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

// Symbols never contain a comma or quote (core/symbol.hpp), names might.
std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void bind_range(Statement& st, const ExportRange& r, bool with_timeframe) {
    int i = 1;
    st.bind(i++, r.symbol.view());
    if (with_timeframe) st.bind(i++, to_string(r.timeframe));
    st.bind(i, unix_nanos(r.from));
    st.bind(i + 1, unix_nanos(r.to));
}

}  // namespace

size_t export_bars_csv(Reader& reader, const ExportRange& range, std::ostream& out) {
    Statement st(reader.connection(),
                 "SELECT start_ns, open_e8, high_e8, low_e8, close_e8, volume_e4, adj_close_e8 FROM bars "
                 "WHERE symbol = ? AND timeframe = ? AND start_ns >= ? AND start_ns < ? ORDER BY start_ns");
    bind_range(st, range, true);
    out << "time_utc,symbol,timeframe,open,high,low,close,volume,adj_close\n";
    size_t rows = 0;
    std::string symbol = range.symbol.str();
    std::string_view tf = to_string(range.timeframe);
    while (st.step()) {
        out << format_iso_micros(from_unix_nanos(st.column_int(0))) << ',' << symbol << ',' << tf;
        for (int c = 1; c <= 4; ++c) out << ',' << Price::from_raw(st.column_int(c)).to_string();
        out << ',' << Quantity::from_raw(st.column_int(5)).to_string() << ',';
        if (!st.is_null(6)) out << Price::from_raw(st.column_int(6)).to_string();
        out << '\n';
        ++rows;
    }
    return rows;
}

size_t export_features_csv(Reader& reader, const ExportRange& range, std::ostream& out) {
    static const std::vector<std::string> handoff = {"rsi",      "macd_line", "macd_signal", "bb_upper",
                                                     "bb_lower", "atr",       "vwap"};
    // Column set first (one pass over the distinct names), then the rows in time order.
    Statement names(reader.connection(),
                    "SELECT DISTINCT name FROM features WHERE symbol = ? AND timeframe = ? AND time_ns >= ? "
                    "AND time_ns < ? ORDER BY name");
    bind_range(names, range, true);
    std::set<std::string> stored, others;
    std::vector<std::string> columns;
    while (names.step()) {
        std::string n(names.column_text(0));
        stored.insert(n);
        if (std::find(handoff.begin(), handoff.end(), n) == handoff.end()) others.insert(n);
    }
    std::map<std::string, size_t> index;
    // The handoff's columns first, in its order, when they hold values; a column that would
    // always be empty (the engine names its features rsi_14, atr_14, ...) is left out rather
    // than let a reader of "rsi" take an empty column for missing data.
    for (const auto& n : handoff)
        if (stored.count(n)) index[n] = columns.size(), columns.push_back(n);
    for (const auto& n : others) index[n] = columns.size(), columns.push_back(n);

    out << "time_utc,symbol,timeframe";
    for (const auto& c : columns) out << ',' << csv_field(c);
    out << '\n';

    Statement st(reader.connection(),
                 "SELECT time_ns, name, value FROM features WHERE symbol = ? AND timeframe = ? AND "
                 "time_ns >= ? AND time_ns < ? ORDER BY time_ns, name");
    bind_range(st, range, true);
    size_t rows = 0;
    std::vector<std::string> cells(columns.size());
    int64_t current = 0;
    bool have = false;
    auto flush = [&] {
        out << format_iso_micros(from_unix_nanos(current)) << ',' << range.symbol.view() << ','
            << to_string(range.timeframe);
        for (auto& c : cells) out << ',' << c, c.clear();
        out << '\n';
        ++rows;
    };
    while (st.step()) {
        int64_t t = st.column_int(0);
        if (have && t != current) flush();
        current = t;
        have = true;
        cells[index.at(std::string(st.column_text(1)))] = shortest(st.column_double(2));
    }
    if (have) flush();
    return rows;
}

Timestamp inclusive_end(std::string_view text, Timestamp parsed) {
    if (text.size() == 10) return parsed + std::chrono::days(1);
    return parsed + Duration{1};
}

size_t export_trades_csv(Reader& reader, std::string_view run_id, const ExportRange& range, bool all_symbols,
                         std::ostream& out) {
    Statement st(
        reader.connection(),
        "SELECT f.time_ns, f.run_id, f.symbol, f.side, f.quantity_e4, f.price_e8, f.commission_e8, "
        "coalesce(o.strategy, ''), f.exec_id, f.client_id FROM fills f LEFT JOIN orders o ON "
        "o.client_id = f.client_id WHERE f.run_id = ?1 AND (?2 = '' OR f.symbol = ?2) AND f.time_ns >= ?3 "
        "AND f.time_ns < ?4 ORDER BY f.time_ns, f.exec_id");
    st.bind(1, run_id).bind(2, all_symbols ? std::string_view{} : range.symbol.view());
    st.bind(3, unix_nanos(range.from)).bind(4, unix_nanos(range.to));
    out << "time_utc,run_id,symbol,side,quantity,price,commission,position,strategy,exec_id,client_id\n";
    std::map<std::string, Quantity> position;  // per symbol, after each execution
    size_t rows = 0;
    while (st.step()) {
        const std::string symbol(st.column_text(2));
        const std::string side(st.column_text(3));
        const Quantity q = Quantity::from_raw(st.column_int(4));
        auto& held = position[symbol];
        held = side == "buy" || side == "BUY" ? held + q : held - q;
        out << format_iso_micros(from_unix_nanos(st.column_int(0))) << ',' << csv_field(st.column_text(1))
            << ',' << symbol << ',' << side << ',' << q.to_string() << ','
            << Price::from_raw(st.column_int(5)).to_string() << ','
            << Money::from_raw(st.column_int(6)).to_string() << ',' << held.to_string() << ','
            << csv_field(st.column_text(7)) << ',' << csv_field(st.column_text(8)) << ','
            << csv_field(st.column_text(9)) << '\n';
        ++rows;
    }
    return rows;
}

size_t export_ticks_csv(Reader& reader, const ExportRange& range, std::ostream& out) {
    Statement st(reader.connection(),
                 "SELECT time_ns, seq, price_e8, size_e4 FROM ticks WHERE symbol = ? AND time_ns >= ? AND "
                 "time_ns < ? ORDER BY time_ns, seq");
    bind_range(st, range, false);
    out << "time_utc,symbol,seq,price,size\n";
    size_t rows = 0;
    while (st.step()) {
        out << format_iso_micros(from_unix_nanos(st.column_int(0))) << ',' << range.symbol.view() << ','
            << st.column_int(1) << ',' << Price::from_raw(st.column_int(2)).to_string() << ','
            << Quantity::from_raw(st.column_int(3)).to_string() << '\n';
        ++rows;
    }
    return rows;
}

}  // namespace robo::store
