// store/row_sink.cpp — see row_sink.hpp. Duplicate policies:
//   ignored + counted: ticks, quotes, runs, orders, order_events, fills, equity_snapshots,
//                      quality_findings (one per source, kind, symbol, timeframe, detail)
//   replaced + counted: bars, features, positions, kill_switch
//   no key (append):   risk_events
// "Ignore" uses ON CONFLICT DO NOTHING, which covers only the key: a NOT NULL, CHECK or
// type violation still fails loudly instead of passing for a duplicate (INSERT OR IGNORE
// would hide it). "Replace" inserts, and on a key conflict updates the row in place.
#include "robo/store/row_sink.hpp"

#include <cmath>

namespace robo::store {

std::string_view to_string(Table t) noexcept {
    switch (t) {
        case Table::ticks:
            return "ticks";
        case Table::quotes:
            return "quotes";
        case Table::bars:
            return "bars";
        case Table::features:
            return "features";
        case Table::runs:
            return "runs";
        case Table::orders:
            return "orders";
        case Table::order_events:
            return "order_events";
        case Table::fills:
            return "fills";
        case Table::positions:
            return "positions";
        case Table::equity_snapshots:
            return "equity_snapshots";
        case Table::risk_events:
            return "risk_events";
        case Table::kill_switch:
            return "kill_switch";
        case Table::quality_findings:
            return "quality_findings";
    }
    return "?";
}

Table table_of(const Record& r) noexcept {
    static constexpr Table by_index[] = {
        Table::ticks,
        Table::quotes,
        Table::bars,
        Table::features,
        Table::runs,
        Table::runs,
        Table::orders,
        Table::order_events,
        Table::fills,
        Table::positions,
        Table::equity_snapshots,
        Table::risk_events,
        Table::kill_switch,
        Table::quality_findings,
    };
    static_assert(std::size(by_index) == std::variant_size_v<Record>);
    return by_index[r.index()];
}

void TableCounts::add(Outcome o) noexcept {
    switch (o) {
        case Outcome::inserted:
            ++inserted;
            break;
        case Outcome::ignored:
            ++ignored;
            break;
        case Outcome::replaced:
            ++replaced;
            break;
        case Outcome::failed:
            ++failed;
            break;
    }
}

TableCounts& TableCounts::operator+=(const TableCounts& o) noexcept {
    inserted += o.inserted;
    ignored += o.ignored;
    replaced += o.replaced;
    failed += o.failed;
    return *this;
}

struct RowSink::Statements {
    Connection& db;
    Statement tick, quote, bar_insert, bar_update, feature_insert, feature_update, run_insert, run_end,
        order_insert, order_event, order_status, fill, position_insert, position_update, equity, risk,
        kill_switch, quality;

    explicit Statements(Connection& c)
        : db(c),
          tick(c,
               "INSERT INTO ticks (symbol, time_ns, seq, price_e8, size_e4) VALUES (?,?,?,?,?) "
               "ON CONFLICT DO NOTHING"),
          quote(c,
                "INSERT INTO quotes (symbol, time_ns, seq, bid_e8, ask_e8, bid_size_e4, ask_size_e4) "
                "VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING"),
          bar_insert(c,
                     "INSERT INTO bars (symbol, timeframe, start_ns, open_e8, high_e8, low_e8, close_e8, "
                     "volume_e4, adj_close_e8) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING"),
          bar_update(c,
                     "UPDATE bars SET open_e8 = ?4, high_e8 = ?5, low_e8 = ?6, close_e8 = ?7, "
                     "volume_e4 = ?8, adj_close_e8 = ?9 WHERE symbol = ?1 AND timeframe = ?2 AND "
                     "start_ns = ?3"),
          feature_insert(c,
                         "INSERT INTO features (symbol, timeframe, time_ns, name, value) VALUES "
                         "(?,?,?,?,?) ON CONFLICT DO NOTHING"),
          feature_update(c,
                         "UPDATE features SET value = ?5 WHERE symbol = ?1 AND timeframe = ?2 AND "
                         "time_ns = ?3 AND name = ?4"),
          run_insert(c,
                     "INSERT INTO runs (run_id, kind, started_ns, config) VALUES (?,?,?,?) "
                     "ON CONFLICT DO NOTHING"),
          run_end(c, "UPDATE runs SET ended_ns = ?2, status = ?3, summary = ?4 WHERE run_id = ?1"),
          order_insert(c,
                       "INSERT INTO orders (client_id, run_id, symbol, side, type, tif, quantity_e4, "
                       "limit_e8, stop_e8, protective_stop_e8, strategy, created_ns, status, filled_e4, "
                       "updated_ns) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0,?12) ON CONFLICT DO NOTHING"),
          order_event(c,
                      "INSERT INTO order_events (client_id, time_ns, status, filled_e4, detail) VALUES "
                      "(?,?,?,?,?) ON CONFLICT DO NOTHING"),
          // An event older than the order's latest state does not move it backwards.
          order_status(c,
                       "UPDATE orders SET status = ?3, filled_e4 = ?4, updated_ns = ?2 "
                       "WHERE client_id = ?1 AND updated_ns <= ?2"),
          fill(c,
               "INSERT INTO fills (exec_id, client_id, run_id, symbol, side, quantity_e4, price_e8, "
               "commission_e8, time_ns) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING"),
          position_insert(c,
                          "INSERT INTO positions (run_id, symbol, quantity_e4, average_cost_e8, "
                          "realized_pnl_e8, updated_ns) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING"),
          position_update(c,
                          "UPDATE positions SET quantity_e4 = ?3, average_cost_e8 = ?4, "
                          "realized_pnl_e8 = ?5, updated_ns = ?6 WHERE run_id = ?1 AND symbol = ?2"),
          equity(c,
                 "INSERT INTO equity_snapshots (run_id, time_ns, cash_e8, equity_e8, buying_power_e8, "
                 "exposure_e8) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING"),
          risk(c,
               "INSERT INTO risk_events (run_id, time_ns, kind, symbol, value, limit_value, detail) "
               "VALUES (?,?,?,?,?,?,?)"),
          kill_switch(c,
                      "UPDATE kill_switch SET tripped = ?, reason = ?, changed_ns = ?, changed_by = ? "
                      "WHERE id = 1"),
          quality(c,
                  "INSERT INTO quality_findings (time_ns, symbol, timeframe, kind, detail, source) "
                  "VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING") {}

    // Runs an insert; a key conflict (no row changed) is a duplicate. `what` names the
    // row, and is called only on failure so the hot path never formats text.
    template <class What>
    Outcome insert(Statement& st, std::string& why, What&& what) {
        int rc = st.run();
        if (rc != SQLITE_DONE) return refuse(rc, why, what());
        return db.changes() > 0 ? Outcome::inserted : Outcome::ignored;
    }
    // Insert, and on a key conflict overwrite with the update statement (same parameters).
    template <class What>
    Outcome upsert(Statement& ins, Statement& upd, std::string& why, What&& what) {
        Outcome o = insert(ins, why, what);
        if (o != Outcome::ignored) return o;
        int rc = upd.run();
        if (rc != SQLITE_DONE) return refuse(rc, why, what());
        return Outcome::replaced;
    }
    Outcome refuse(int rc, std::string& why, const std::string& what) {
        why = what + ": " + sqlite3_errstr(rc) + " (" + sqlite3_errmsg(db.handle()) + ")";
        return Outcome::failed;
    }
};

RowSink::RowSink(Connection& db) : st_(std::make_unique<Statements>(db)) {}
RowSink::~RowSink() = default;

namespace {

template <class... F>
struct Overload : F... {
    using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

std::optional<int64_t> raw(const std::optional<Price>& p) {
    return p ? std::optional<int64_t>(p->raw()) : std::nullopt;
}
std::optional<int64_t> raw(const std::optional<Money>& m) {
    return m ? std::optional<int64_t>(m->raw()) : std::nullopt;
}
std::string row_name(std::string_view table, std::string_view key, Timestamp t) {
    return std::string(table) + " row " + std::string(key) + " at " + format_iso_micros(t);
}

}  // namespace

Outcome RowSink::write(const Record& record, std::string& why) {
    Statements& s = *st_;
    return std::visit(
        Overload{
            [&](const TickRecord& r) {
                s.tick.bind_view(1, r.tick.symbol.view()).bind(2, unix_nanos(r.tick.time)).bind(3, r.seq);
                s.tick.bind(4, r.tick.price.raw()).bind(5, r.tick.size.raw());
                return s.insert(s.tick, why, [&] {
                    return std::string(row_name("ticks", r.tick.symbol.view(), r.tick.time));
                });
            },
            [&](const QuoteRecord& r) {
                const Quote& q = r.quote;
                s.quote.bind_view(1, q.symbol.view()).bind(2, unix_nanos(q.time)).bind(3, r.seq);
                s.quote.bind(4, q.bid.raw())
                    .bind(5, q.ask.raw())
                    .bind(6, q.bid_size.raw())
                    .bind(7, q.ask_size.raw());
                return s.insert(s.quote, why,
                                [&] { return std::string(row_name("quotes", q.symbol.view(), q.time)); });
            },
            [&](const BarRecord& r) {
                const Bar& b = r.bar;
                for (Statement* st : {&s.bar_insert, &s.bar_update}) {
                    st->bind(1, b.symbol.view()).bind(2, to_string(b.timeframe)).bind(3, unix_nanos(b.start));
                    st->bind(4, b.open.raw())
                        .bind(5, b.high.raw())
                        .bind(6, b.low.raw())
                        .bind(7, b.close.raw());
                    st->bind(8, b.volume.raw()).bind(9, raw(r.adjusted_close));
                }
                return s.upsert(s.bar_insert, s.bar_update, why,
                                [&] { return std::string(row_name("bars", b.symbol.view(), b.start)); });
            },
            [&](const FeatureRecord& r) {
                auto what = [&] { return row_name("features", r.symbol.view(), r.time) + " " + r.name; };
                if (!std::isfinite(r.value)) {
                    why = what() + ": value is " + std::to_string(r.value) + ", expected a finite number";
                    return Outcome::failed;
                }
                for (Statement* st : {&s.feature_insert, &s.feature_update}) {
                    st->bind(1, r.symbol.view()).bind(2, to_string(r.timeframe)).bind(3, unix_nanos(r.time));
                    st->bind(4, r.name).bind(5, r.value);
                }
                return s.upsert(s.feature_insert, s.feature_update, why, what);
            },
            [&](const RunRecord& r) {
                s.run_insert.bind(1, r.run_id)
                    .bind(2, r.kind)
                    .bind(3, unix_nanos(r.started))
                    .bind(4, r.config_json);
                return s.insert(s.run_insert, why, [&] { return std::string("runs row " + r.run_id); });
            },
            [&](const RunEndRecord& r) {
                s.run_end.bind(1, r.run_id)
                    .bind(2, unix_nanos(r.ended))
                    .bind(3, r.status)
                    .bind(4, r.summary_json);
                Outcome o = s.insert(s.run_end, why, [&] { return std::string("runs row " + r.run_id); });
                if (o == Outcome::ignored) {
                    why = "runs row " + r.run_id + ": cannot record its end: no such run";
                    return Outcome::failed;
                }
                return o == Outcome::inserted ? Outcome::replaced : o;
            },
            [&](const OrderRecord& r) {
                const Order& o = r.order;
                auto& st = s.order_insert;
                st.bind(1, o.client_id).bind(2, r.run_id).bind(3, o.symbol.view()).bind(4, to_string(o.side));
                st.bind(5, to_string(o.type)).bind(6, to_string(o.tif)).bind(7, o.quantity.raw());
                st.bind(8, raw(o.limit)).bind(9, raw(o.stop)).bind(10, raw(o.protective_stop));
                st.bind(11, o.strategy).bind(12, unix_nanos(o.created)).bind(13, to_string(r.status));
                return s.insert(st, why, [&] { return std::string("orders row " + o.client_id); });
            },
            [&](const OrderEventRecord& r) {
                s.order_event.bind(1, r.client_id).bind(2, unix_nanos(r.time)).bind(3, to_string(r.status));
                s.order_event.bind(4, r.filled.raw()).bind(5, r.detail);
                Outcome o = s.insert(s.order_event, why, [&] {
                    return std::string(row_name("order_events", r.client_id, r.time));
                });
                if (o == Outcome::inserted) {
                    s.order_status.bind(1, r.client_id)
                        .bind(2, unix_nanos(r.time))
                        .bind(3, to_string(r.status));
                    s.order_status.bind(4, r.filled.raw());
                    if (int rc = s.order_status.run(); rc != SQLITE_DONE)
                        return s.refuse(rc, why, "orders row " + r.client_id);
                }
                return o;
            },
            [&](const FillRecord& r) {
                const Fill& f = r.fill;
                s.fill.bind(1, f.exec_id).bind(2, f.client_id).bind(3, r.run_id).bind(4, f.symbol.view());
                s.fill.bind(5, to_string(f.side)).bind(6, f.quantity.raw()).bind(7, f.price.raw());
                s.fill.bind(8, f.commission.raw()).bind(9, unix_nanos(f.time));
                return s.insert(s.fill, why, [&] { return std::string("fills row " + f.exec_id); });
            },
            [&](const PositionRecord& r) {
                const Position& p = r.position;
                for (Statement* st : {&s.position_insert, &s.position_update}) {
                    st->bind(1, r.run_id).bind(2, p.symbol.view()).bind(3, p.quantity.raw());
                    st->bind(4, p.average_cost.raw())
                        .bind(5, p.realized_pnl.raw())
                        .bind(6, unix_nanos(r.updated));
                }
                return s.upsert(s.position_insert, s.position_update, why, [&] {
                    return std::string("positions row " + r.run_id + "/" + p.symbol.str());
                });
            },
            [&](const EquityRecord& r) {
                s.equity.bind(1, r.run_id)
                    .bind(2, unix_nanos(r.time))
                    .bind(3, r.cash.raw())
                    .bind(4, r.equity.raw());
                s.equity.bind(5, raw(r.buying_power)).bind(6, raw(r.exposure));
                return s.insert(s.equity, why,
                                [&] { return std::string(row_name("equity_snapshots", r.run_id, r.time)); });
            },
            [&](const RiskEventRecord& r) {
                s.risk.bind(1, r.run_id).bind(2, unix_nanos(r.time)).bind(3, r.kind).bind(4, r.symbol);
                s.risk.bind(5, r.value).bind(6, r.limit).bind(7, r.detail);
                return s.insert(s.risk, why,
                                [&] { return std::string(row_name("risk_events", r.kind, r.time)); });
            },
            [&](const KillSwitchRecord& r) {
                s.kill_switch.bind(1, int64_t{r.tripped ? 1 : 0}).bind(2, r.reason);
                s.kill_switch.bind(3, unix_nanos(r.changed)).bind(4, r.changed_by);
                Outcome o = s.insert(s.kill_switch, why, [&] { return std::string("kill_switch row"); });
                return o == Outcome::inserted ? Outcome::replaced : o;
            },
            [&](const QualityRecord& r) {
                s.quality.bind(1, unix_nanos(r.time)).bind(2, r.symbol).bind(3, r.timeframe).bind(4, r.kind);
                s.quality.bind(5, r.detail).bind(6, r.source);
                return s.insert(s.quality, why,
                                [&] { return std::string(row_name("quality_findings", r.kind, r.time)); });
            },
        },
        record);
}

}  // namespace robo::store
