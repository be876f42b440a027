// store/reader.cpp — see reader.hpp.
#include "robo/store/reader.hpp"

#include "robo/store/database.hpp"

namespace robo::store {
namespace {

// Text read back from the database is ours, but a person with the sqlite3 shell may have
// edited it: anything unreadable is a StoreError naming table, column and value.
[[noreturn]] void bad_value(Connection& db, std::string_view table, std::string_view column,
                            std::string_view value) {
    throw StoreError(db.file().string() + ": " + std::string(table) + "." + std::string(column) +
                     " holds \"" + std::string(value) + "\", which robo_trader cannot read");
}

Symbol symbol_at(Connection& db, Statement& st, int col, std::string_view table) {
    Symbol s;
    if (!Symbol::try_make(st.column_text(col), s)) bad_value(db, table, "symbol", st.column_text(col));
    return s;
}

Timeframe timeframe_at(Connection& db, Statement& st, int col, std::string_view table) {
    auto tf = parse_timeframe(st.column_text(col));
    if (!tf) bad_value(db, table, "timeframe", st.column_text(col));
    return *tf;
}

OrderStatus status_at(Connection& db, Statement& st, int col, std::string_view table) {
    auto text = st.column_text(col);
    for (int i = 0; i <= static_cast<int>(OrderStatus::expired); ++i)
        if (to_string(static_cast<OrderStatus>(i)) == text) return static_cast<OrderStatus>(i);
    bad_value(db, table, "status", text);
}

Side side_at(Connection& db, Statement& st, int col, std::string_view table) {
    auto side = parse_side(st.column_text(col));
    if (!side) bad_value(db, table, "side", st.column_text(col));
    return *side;
}

template <class D>
std::optional<D> opt_at(Statement& st, int col) {
    if (st.is_null(col)) return std::nullopt;
    return D::from_raw(st.column_int(col));
}

Timestamp time_at(Statement& st, int col) { return from_unix_nanos(st.column_int(col)); }

}  // namespace

Reader::Reader(const std::filesystem::path& file) : db_(open_for_reading(file)) {}

std::vector<Bar> Reader::bars(Symbol symbol, Timeframe tf, Timestamp from, Timestamp to) {
    Statement st(
        db_,
        "SELECT start_ns, open_e8, high_e8, low_e8, close_e8, volume_e4 FROM bars WHERE symbol = ? AND "
        "timeframe = ? AND start_ns >= ? AND start_ns < ? ORDER BY start_ns");
    st.bind(1, symbol.view()).bind(2, to_string(tf)).bind(3, unix_nanos(from)).bind(4, unix_nanos(to));
    std::vector<Bar> out;
    while (st.step()) {
        Bar b;
        b.symbol = symbol;
        b.timeframe = tf;
        b.start = time_at(st, 0);
        b.open = Price::from_raw(st.column_int(1));
        b.high = Price::from_raw(st.column_int(2));
        b.low = Price::from_raw(st.column_int(3));
        b.close = Price::from_raw(st.column_int(4));
        b.volume = Quantity::from_raw(st.column_int(5));
        out.push_back(b);
    }
    return out;
}

std::vector<std::optional<Price>> Reader::adjusted_closes(Symbol symbol, Timeframe tf, Timestamp from,
                                                          Timestamp to) {
    Statement st(db_,
                 "SELECT adj_close_e8 FROM bars WHERE symbol = ? AND timeframe = ? AND start_ns >= ? AND "
                 "start_ns < ? ORDER BY start_ns");
    st.bind(1, symbol.view()).bind(2, to_string(tf)).bind(3, unix_nanos(from)).bind(4, unix_nanos(to));
    std::vector<std::optional<Price>> out;
    while (st.step()) out.push_back(opt_at<Price>(st, 0));
    return out;
}

std::vector<BarSeries> Reader::bar_series() {
    Statement st(db_,
                 "SELECT symbol, timeframe, count(*), min(start_ns), max(start_ns) FROM bars "
                 "GROUP BY symbol, timeframe ORDER BY symbol, timeframe");
    std::vector<BarSeries> out;
    while (st.step())
        out.push_back({symbol_at(db_, st, 0, "bars"), timeframe_at(db_, st, 1, "bars"),
                       static_cast<size_t>(st.column_int(2)), time_at(st, 3), time_at(st, 4)});
    return out;
}

std::vector<Tick> Reader::ticks(Symbol symbol, Timestamp from, Timestamp to) {
    Statement st(db_,
                 "SELECT time_ns, price_e8, size_e4 FROM ticks WHERE symbol = ? AND time_ns >= ? AND "
                 "time_ns < ? ORDER BY time_ns, seq");
    st.bind(1, symbol.view()).bind(2, unix_nanos(from)).bind(3, unix_nanos(to));
    std::vector<Tick> out;
    while (st.step())
        out.push_back({symbol, time_at(st, 0), Price::from_raw(st.column_int(1)),
                       Quantity::from_raw(st.column_int(2))});
    return out;
}

std::vector<Quote> Reader::quotes(Symbol symbol, Timestamp from, Timestamp to) {
    Statement st(db_,
                 "SELECT time_ns, bid_e8, ask_e8, bid_size_e4, ask_size_e4 FROM quotes WHERE symbol = ? AND "
                 "time_ns >= ? AND time_ns < ? ORDER BY time_ns, seq");
    st.bind(1, symbol.view()).bind(2, unix_nanos(from)).bind(3, unix_nanos(to));
    std::vector<Quote> out;
    while (st.step())
        out.push_back({symbol, time_at(st, 0), Price::from_raw(st.column_int(1)),
                       Price::from_raw(st.column_int(2)), Quantity::from_raw(st.column_int(3)),
                       Quantity::from_raw(st.column_int(4))});
    return out;
}

std::vector<FeaturePoint> Reader::features(Symbol symbol, Timeframe tf, std::string_view name, Timestamp from,
                                           Timestamp to) {
    Statement st(db_,
                 "SELECT time_ns, name, value FROM features WHERE symbol = ?1 AND timeframe = ?2 AND "
                 "time_ns >= ?3 AND time_ns < ?4 AND (?5 = '' OR name = ?5) ORDER BY time_ns, name");
    st.bind(1, symbol.view()).bind(2, to_string(tf)).bind(3, unix_nanos(from)).bind(4, unix_nanos(to));
    st.bind(5, name);
    std::vector<FeaturePoint> out;
    while (st.step()) out.push_back({time_at(st, 0), std::string(st.column_text(1)), st.column_double(2)});
    return out;
}

std::vector<StoredOrder> Reader::orders(std::string_view run_id, size_t limit) {
    Statement st(db_,
                 "SELECT run_id, client_id, symbol, side, type, tif, quantity_e4, limit_e8, stop_e8, "
                 "protective_stop_e8, strategy, created_ns, status, filled_e4, updated_ns FROM orders "
                 "WHERE (?1 = '' OR run_id = ?1) ORDER BY created_ns DESC, client_id LIMIT ?2");
    st.bind(1, run_id).bind(2, static_cast<int64_t>(limit));
    std::vector<StoredOrder> out;
    while (st.step()) {
        StoredOrder o;
        o.run_id = st.column_text(0);
        o.order.client_id = st.column_text(1);
        o.order.symbol = symbol_at(db_, st, 2, "orders");
        o.order.side = side_at(db_, st, 3, "orders");
        auto type = parse_order_type(st.column_text(4));
        if (!type) bad_value(db_, "orders", "type", st.column_text(4));
        o.order.type = *type;
        auto tif = parse_time_in_force(st.column_text(5));
        if (!tif) bad_value(db_, "orders", "tif", st.column_text(5));
        o.order.tif = *tif;
        o.order.quantity = Quantity::from_raw(st.column_int(6));
        o.order.limit = opt_at<Price>(st, 7);
        o.order.stop = opt_at<Price>(st, 8);
        o.order.protective_stop = opt_at<Price>(st, 9);
        o.order.strategy = st.column_text(10);
        o.order.created = time_at(st, 11);
        o.status = status_at(db_, st, 12, "orders");
        o.filled = Quantity::from_raw(st.column_int(13));
        o.updated = time_at(st, 14);
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<FillRecord> Reader::fills(std::string_view run_id, size_t limit) {
    Statement st(
        db_,
        "SELECT run_id, exec_id, client_id, symbol, side, quantity_e4, price_e8, commission_e8, time_ns "
        "FROM fills WHERE (?1 = '' OR run_id = ?1) ORDER BY time_ns DESC, exec_id LIMIT ?2");
    st.bind(1, run_id).bind(2, static_cast<int64_t>(limit));
    std::vector<FillRecord> out;
    while (st.step()) {
        FillRecord f;
        f.run_id = st.column_text(0);
        f.fill.exec_id = st.column_text(1);
        f.fill.client_id = st.column_text(2);
        f.fill.symbol = symbol_at(db_, st, 3, "fills");
        f.fill.side = side_at(db_, st, 4, "fills");
        f.fill.quantity = Quantity::from_raw(st.column_int(5));
        f.fill.price = Price::from_raw(st.column_int(6));
        f.fill.commission = Money::from_raw(st.column_int(7));
        f.fill.time = time_at(st, 8);
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<PositionRecord> Reader::positions(std::string_view run_id) {
    Statement st(
        db_,
        "SELECT run_id, symbol, quantity_e4, average_cost_e8, realized_pnl_e8, updated_ns FROM positions "
        "WHERE (?1 = '' OR run_id = ?1) ORDER BY run_id, symbol");
    st.bind(1, run_id);
    std::vector<PositionRecord> out;
    while (st.step()) {
        PositionRecord p;
        p.run_id = st.column_text(0);
        p.position.symbol = symbol_at(db_, st, 1, "positions");
        p.position.quantity = Quantity::from_raw(st.column_int(2));
        p.position.average_cost = Price::from_raw(st.column_int(3));
        p.position.realized_pnl = Money::from_raw(st.column_int(4));
        p.updated = time_at(st, 5);
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<RunInfo> Reader::runs(size_t limit) {
    Statement st(db_,
                 "SELECT run_id, kind, started_ns, ended_ns, status, config, coalesce(summary, '') FROM runs "
                 "ORDER BY started_ns DESC, run_id LIMIT ?");
    st.bind(1, static_cast<int64_t>(limit));
    std::vector<RunInfo> out;
    while (st.step()) {
        RunInfo r;
        r.run_id = st.column_text(0);
        r.kind = st.column_text(1);
        r.started = time_at(st, 2);
        if (!st.is_null(3)) r.ended = time_at(st, 3);
        r.status = st.column_text(4);
        r.config_json = st.column_text(5);
        r.summary_json = st.column_text(6);
        out.push_back(std::move(r));
    }
    return out;
}

KillSwitchRecord Reader::kill_switch() {
    Statement st(db_, "SELECT tripped, reason, changed_ns, changed_by FROM kill_switch WHERE id = 1");
    if (!st.step()) throw StoreError(db_.file().string() + ": the kill_switch row is missing");
    return {st.column_int(0) != 0, std::string(st.column_text(1)), time_at(st, 2),
            std::string(st.column_text(3))};
}

}  // namespace robo::store
