// store/db_views.cpp — see db_views.hpp.
#include "robo/store/db_views.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "robo/store/csv_export.hpp"
#include "robo/store/database.hpp"

namespace robo::store {
namespace {

std::string opt_price(const std::optional<Price>& p) { return p ? p->to_string() : "-"; }

Timestamp parse_bound(const std::string& text, const char* flag, Timestamp fallback) {
    if (text.empty()) return fallback;
    Timestamp t;
    if (!try_parse_timestamp(text, t))
        throw std::invalid_argument(std::string(flag) + " \"" + text +
                                    "\": expected a date YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SS");
    return t;
}

nlohmann::json object_of(const std::string& text) {
    auto j = nlohmann::json::parse(text.empty() ? "{}" : text, nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
}

// A field of the run's JSON as text; "-" when absent or empty.
std::string field(const nlohmann::json& j, const char* key) {
    if (!j.contains(key)) return "-";
    const auto& v = j[key];
    if (v.is_string()) return v.get<std::string>().empty() ? "-" : v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    return v.dump();
}

}  // namespace

std::string format_table(const TableView& t) {
    std::vector<size_t> width(t.header.size());
    for (size_t c = 0; c < t.header.size(); ++c) width[c] = t.header[c].size();
    for (const auto& r : t.rows)
        for (size_t c = 0; c < r.size() && c < width.size(); ++c) width[c] = std::max(width[c], r[c].size());
    std::ostringstream out;
    auto line = [&](const std::vector<std::string>& cells) {
        for (size_t c = 0; c + 1 < cells.size(); ++c)
            out << std::left << std::setw(static_cast<int>(width[c])) << cells[c] << "  ";
        if (!cells.empty()) out << cells.back();
        out << "\n";
    };
    line(t.header);
    for (const auto& r : t.rows) line(r);
    if (t.rows.empty()) out << "(none)\n";
    return out.str();
}

TableView positions_view(Reader& reader, std::string_view run_id) {
    TableView t{{"run", "symbol", "quantity", "avg_cost", "realized_pnl", "updated_utc"}, {}};
    for (const auto& p : reader.positions(run_id))
        t.rows.push_back({p.run_id, p.position.symbol.str(), p.position.quantity.to_string(),
                          p.position.average_cost.to_string(), p.position.realized_pnl.to_string(2),
                          format_iso_micros(p.updated)});
    return t;
}

TableView orders_view(Reader& reader, std::string_view run_id, size_t limit) {
    TableView t{{"run", "client_id", "symbol", "side", "type", "quantity", "limit", "stop", "status",
                 "filled", "created_utc", "strategy"},
                {}};
    for (const auto& o : reader.orders(run_id, limit))
        t.rows.push_back({o.run_id, o.order.client_id, o.order.symbol.str(),
                          std::string(to_string(o.order.side)), std::string(to_string(o.order.type)),
                          o.order.quantity.to_string(), opt_price(o.order.limit), opt_price(o.order.stop),
                          std::string(to_string(o.status)), o.filled.to_string(),
                          format_iso_micros(o.order.created), o.order.strategy});
    return t;
}

TableView fills_view(Reader& reader, std::string_view run_id, size_t limit) {
    TableView t{
        {"run", "exec_id", "client_id", "symbol", "side", "quantity", "price", "commission", "time_utc"}, {}};
    for (const auto& f : reader.fills(run_id, limit))
        t.rows.push_back({f.run_id, f.fill.exec_id, f.fill.client_id, f.fill.symbol.str(),
                          std::string(to_string(f.fill.side)), f.fill.quantity.to_string(),
                          f.fill.price.to_string(), f.fill.commission.to_string(2),
                          format_iso_micros(f.fill.time)});
    return t;
}

std::vector<std::string> run_row(const RunInfo& r) {
    const auto config = object_of(r.config_json), summary = object_of(r.summary_json);
    std::string strategies;
    if (config.contains("strategies") && config["strategies"].is_array())
        for (const auto& s : config["strategies"])
            if (s.is_object() && s.contains("name") && s["name"].is_string())
                strategies += (strategies.empty() ? "" : "+") + s["name"].get<std::string>();
    std::string symbols;
    if (config.contains("symbols") && config["symbols"].is_array())
        for (const auto& s : config["symbols"])
            if (s.is_string()) symbols += (symbols.empty() ? "" : ",") + s.get<std::string>();
    std::string ret = "-";
    const std::string equity = field(summary, "equity"), cash = field(config, "initial_cash");
    try {
        if (equity != "-" && cash != "-" && std::stod(cash) > 0)
            ret = fmt::format("{:+.2f}%", 100.0 * (std::stod(equity) / std::stod(cash) - 1.0));
    } catch (const std::exception&) {
    }
    std::string status = r.status;
    if (status == "running" && run_process_gone(r.run_id)) status = "aborted";
    std::string took = "-";
    if (r.ended) took = fmt::format("{:.1f}s", std::chrono::duration<double>(*r.ended - r.started).count());
    return {r.run_id,
            r.kind,
            status,
            format_iso_micros(r.started).substr(0, 19) + "Z",
            took,
            strategies.empty() ? "-" : strategies,
            symbols.empty() ? "all" : symbols,
            field(summary, "fills"),
            equity,
            ret,
            field(summary, "stop_reason")};
}

TableView runs_view(Reader& reader, size_t limit) {
    TableView t{{"run", "kind", "status", "started_utc", "took", "strategies", "symbols", "fills", "equity",
                 "return", "stop"},
                {}};
    for (const auto& r : reader.runs(limit)) t.rows.push_back(run_row(r));
    return t;
}

std::string status_text(Reader& reader, const std::string& label) {
    auto& db = reader.connection();
    std::string out = fmt::format("{}: schema version {} (latest {})\n", label, schema_version(db),
                                  latest_schema_version());
    TableView tables{{"table", "rows"}, {}};
    for (const char* t : {"bars", "ticks", "quotes", "features", "runs", "orders", "order_events", "fills",
                          "positions", "equity_snapshots", "risk_events", "quality_findings"})
        tables.rows.push_back({t, std::to_string(db.query_int(std::string("SELECT count(*) FROM ") + t))});
    out += format_table(tables);
    TableView series{{"symbol", "timeframe", "bars", "first_utc", "last_utc"}, {}};
    for (const auto& s : reader.bar_series())
        series.rows.push_back({s.symbol.str(), std::string(to_string(s.timeframe)), std::to_string(s.bars),
                               format_iso_micros(s.first), format_iso_micros(s.last)});
    out += "\n" + format_table(series);
    auto k = reader.kill_switch();
    out += "\nkill switch: " + (k.tripped ? "TRIPPED (" + k.reason + ")" : std::string("armed")) + "\n";
    return out;
}

std::string show_view(const std::filesystem::path& db, std::string_view view, std::string_view run_id,
                      size_t limit) {
    Reader reader(db);
    if (view == "positions") return format_table(positions_view(reader, run_id));
    if (view == "orders") return format_table(orders_view(reader, run_id, limit));
    if (view == "fills") return format_table(fills_view(reader, run_id, limit));
    if (view == "runs") return format_table(runs_view(reader, limit));
    if (view == "status") return status_text(reader, db.string());
    throw std::invalid_argument("db: unknown view \"" + std::string(view) +
                                "\" (expected positions, orders, fills, runs or status)");
}

Timestamp parse_from_bound(const std::string& text) { return parse_bound(text, "--from", time_min); }

Timestamp parse_to_bound(const std::string& text) {
    if (text.empty()) return time_max;
    return inclusive_end(text, parse_bound(text, "--to", time_max));
}

std::string export_csv(const std::filesystem::path& db, const ExportRequest& a) {
    ExportRange range;
    const bool trades = a.what == "trades";
    if (!trades && a.what != "bars" && a.what != "features" && a.what != "ticks")
        throw std::invalid_argument("export \"" + a.what + "\": expected bars, features, ticks or trades");
    if (!trades && a.symbol.empty())
        throw std::invalid_argument("export " + a.what + " needs --symbol, e.g. --symbol AAPL");
    if (!(trades && a.symbol.empty()) && !Symbol::try_make(a.symbol, range.symbol))
        throw std::invalid_argument("--symbol \"" + a.symbol + "\": expected a ticker such as AAPL");
    auto tf = parse_timeframe(a.timeframe);
    if (!tf)
        throw std::invalid_argument("--timeframe \"" + a.timeframe +
                                    "\": expected 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d");
    range.timeframe = *tf;
    range.from = parse_from_bound(a.from);
    range.to = parse_to_bound(a.to);
    Reader reader(db);
    std::string run = a.run;
    if (trades && run.empty()) {
        auto latest = reader.runs(1);
        if (latest.empty())
            throw std::runtime_error(db.string() + ": no runs recorded, so no trades to export");
        run = latest.front().run_id;
    }
    std::ofstream out(a.out);
    if (!out) throw std::runtime_error(a.out + ": cannot open for writing");
    size_t rows = a.what == "bars"       ? export_bars_csv(reader, range, out)
                  : a.what == "features" ? export_features_csv(reader, range, out)
                  : a.what == "ticks"    ? export_ticks_csv(reader, range, out)
                                         : export_trades_csv(reader, run, range, a.symbol.empty(), out);
    out.close();
    if (!out) throw std::runtime_error(a.out + ": write failed");
    if (trades) return fmt::format("wrote {} trades of run {} to {}\n", rows, run, a.out);
    std::string text =
        fmt::format("wrote {} {} rows for {} to {}\n", rows, a.what, range.symbol.view(), a.out);
    if (rows == 0 && a.what == "features")
        text +=
            "  (features are stored only when a session records them: backtest|run --db FILE "
            "--record-features)\n";
    return text;
}

std::string migrate(const std::filesystem::path& db) {
    if (!std::filesystem::exists(db)) throw std::runtime_error(db.string() + ": no database here to migrate");
    auto c = open_for_writing(db);
    return fmt::format("{}: schema version {}\n", db.string(), schema_version(c));
}

}  // namespace robo::store
