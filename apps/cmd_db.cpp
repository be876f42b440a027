// apps/cmd_db.cpp — `robo_trader db`: looks into the SQLite database.
//
// --db defaults to DATA_DB_PATH (robo_trader.db unless configured).
//   robo_trader db [--db FILE] positions|orders|fills|runs [--run ID] [--limit N]
//   robo_trader db [--db FILE] status        schema version, rows per table, bar series
//   robo_trader db [--db FILE] migrate       upgrade an older database in place
//   robo_trader db [--db FILE] export bars|features|ticks --symbol S --out F.csv
//                                 [--timeframe 1d] [--from DATE] [--to DATE]   (--to inclusive)
//   robo_trader db [--db FILE] export trades [--run ID (default: the latest)] [--symbol S] --out F.csv
// `db runs` prints one line per run with its results (fills, final equity, return); a run whose
// process is gone while it says "running" shows as "aborted".
// Reads through a read-only connection (never blocks a running session's writer); only
// `migrate` writes. Prices print as exact decimals. Exit status 0, or 1 with a one-line
// error (missing file, newer schema, bad option value).
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include "command_registry.hpp"
#include "config_flags.hpp"
#include "robo/session/plan.hpp"
#include "robo/store/csv_export.hpp"
#include "robo/store/database.hpp"
#include "robo/store/reader.hpp"

namespace robo::apps {
namespace {

using Rows = std::vector<std::vector<std::string>>;

void print_table(const std::vector<std::string>& header, const Rows& rows) {
    std::vector<size_t> width(header.size());
    for (size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
    for (const auto& r : rows)
        for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
    auto line = [&](const std::vector<std::string>& cells) {
        for (size_t c = 0; c + 1 < cells.size(); ++c)
            std::cout << std::left << std::setw(static_cast<int>(width[c])) << cells[c] << "  ";
        std::cout << cells.back() << "\n";
    };
    line(header);
    for (const auto& r : rows) line(r);
    if (rows.empty()) std::cout << "(none)\n";
}

std::string opt_price(const std::optional<Price>& p) { return p ? p->to_string() : "-"; }

Timestamp parse_bound(const std::string& text, const char* flag, Timestamp fallback) {
    if (text.empty()) return fallback;
    Timestamp t;
    if (!try_parse_timestamp(text, t))
        throw std::invalid_argument(std::string(flag) + " \"" + text +
                                    "\": expected a date YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SS");
    return t;
}

// --to includes its day (or its instant), as in backtest.
Timestamp parse_end(const std::string& text) {
    if (text.empty()) return store::time_max;
    return store::inclusive_end(text, parse_bound(text, "--to", store::time_max));
}

// One run's results, from its config and summary JSON (either may be absent or old).
std::vector<std::string> run_row(const store::RunInfo& r) {
    auto json = [](const std::string& text) {
        auto j = nlohmann::json::parse(text.empty() ? "{}" : text, nullptr, false);
        return j.is_object() ? j : nlohmann::json::object();
    };
    const auto config = json(r.config_json), summary = json(r.summary_json);
    auto text = [](const nlohmann::json& j, const char* key) -> std::string {
        if (!j.contains(key)) return "-";
        const auto& v = j[key];
        if (v.is_string()) return v.get<std::string>().empty() ? "-" : v.get<std::string>();
        if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
        return v.dump();
    };
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
    const std::string equity = text(summary, "equity"), cash = text(config, "initial_cash");
    try {
        if (equity != "-" && cash != "-" && std::stod(cash) > 0)
            ret = fmt::format("{:+.2f}%", 100.0 * (std::stod(equity) / std::stod(cash) - 1.0));
    } catch (const std::exception&) {
    }
    std::string status = r.status;
    if (status == "running" && store::run_process_gone(r.run_id)) status = "aborted";
    std::string took = "-";
    if (r.ended) took = fmt::format("{:.1f}s", std::chrono::duration<double>(*r.ended - r.started).count());
    return {r.run_id,
            r.kind,
            status,
            format_iso_micros(r.started).substr(0, 19) + "Z",
            took,
            strategies.empty() ? "-" : strategies,
            symbols.empty() ? "all" : symbols,
            text(summary, "fills"),
            equity,
            ret,
            text(summary, "stop_reason")};
}

struct DbArgs {
    std::string db;  // empty: DATA_DB_PATH
    std::string run;
    size_t limit = 50;
    std::string what;
    std::string symbol;
    std::string out;
    std::string timeframe = "1d";
    std::string from, to;
};

int show(const std::string& view, const DbArgs& a) {
    store::Reader reader(a.db);
    if (view == "positions") {
        Rows rows;
        for (const auto& p : reader.positions(a.run))
            rows.push_back({p.run_id, p.position.symbol.str(), p.position.quantity.to_string(),
                            p.position.average_cost.to_string(), p.position.realized_pnl.to_string(2),
                            format_iso_micros(p.updated)});
        print_table({"run", "symbol", "quantity", "avg_cost", "realized_pnl", "updated_utc"}, rows);
    } else if (view == "orders") {
        Rows rows;
        for (const auto& o : reader.orders(a.run, a.limit))
            rows.push_back({o.run_id, o.order.client_id, o.order.symbol.str(),
                            std::string(to_string(o.order.side)), std::string(to_string(o.order.type)),
                            o.order.quantity.to_string(), opt_price(o.order.limit), opt_price(o.order.stop),
                            std::string(to_string(o.status)), o.filled.to_string(),
                            format_iso_micros(o.order.created), o.order.strategy});
        print_table({"run", "client_id", "symbol", "side", "type", "quantity", "limit", "stop", "status",
                     "filled", "created_utc", "strategy"},
                    rows);
    } else if (view == "fills") {
        Rows rows;
        for (const auto& f : reader.fills(a.run, a.limit))
            rows.push_back({f.run_id, f.fill.exec_id, f.fill.client_id, f.fill.symbol.str(),
                            std::string(to_string(f.fill.side)), f.fill.quantity.to_string(),
                            f.fill.price.to_string(), f.fill.commission.to_string(2),
                            format_iso_micros(f.fill.time)});
        print_table(
            {"run", "exec_id", "client_id", "symbol", "side", "quantity", "price", "commission", "time_utc"},
            rows);
    } else if (view == "runs") {
        Rows rows;
        for (const auto& r : reader.runs(a.limit)) rows.push_back(run_row(r));
        print_table({"run", "kind", "status", "started_utc", "took", "strategies", "symbols", "fills",
                     "equity", "return", "stop"},
                    rows);
    } else if (view == "status") {
        auto& db = reader.connection();
        std::cout << a.db << ": schema version " << store::schema_version(db) << " (latest "
                  << store::latest_schema_version() << ")\n";
        Rows rows;
        for (const char* t : {"bars", "ticks", "quotes", "features", "runs", "orders", "order_events",
                              "fills", "positions", "equity_snapshots", "risk_events", "quality_findings"})
            rows.push_back({t, std::to_string(db.query_int(std::string("SELECT count(*) FROM ") + t))});
        print_table({"table", "rows"}, rows);
        Rows series;
        for (const auto& s : reader.bar_series())
            series.push_back({s.symbol.str(), std::string(to_string(s.timeframe)), std::to_string(s.bars),
                              format_iso_micros(s.first), format_iso_micros(s.last)});
        std::cout << "\n";
        print_table({"symbol", "timeframe", "bars", "first_utc", "last_utc"}, series);
        auto k = reader.kill_switch();
        std::cout << "\nkill switch: " << (k.tripped ? "TRIPPED (" + k.reason + ")" : std::string("armed"))
                  << "\n";
    }
    return 0;
}

int export_csv(const DbArgs& a) {
    store::ExportRange range;
    const bool trades = a.what == "trades";
    if (!(trades && a.symbol.empty()) && !Symbol::try_make(a.symbol, range.symbol))
        throw std::invalid_argument("--symbol \"" + a.symbol + "\": expected a ticker such as AAPL");
    auto tf = parse_timeframe(a.timeframe);
    if (!tf)
        throw std::invalid_argument("--timeframe \"" + a.timeframe +
                                    "\": expected 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d");
    range.timeframe = *tf;
    range.from = parse_bound(a.from, "--from", store::time_min);
    range.to = parse_end(a.to);
    store::Reader reader(a.db);
    std::string run = a.run;
    if (trades && run.empty()) {
        auto latest = reader.runs(1);
        if (latest.empty()) throw std::runtime_error(a.db + ": no runs recorded, so no trades to export");
        run = latest.front().run_id;
    }
    std::ofstream out(a.out);
    if (!out) throw std::runtime_error(a.out + ": cannot open for writing");
    size_t rows = a.what == "bars"       ? store::export_bars_csv(reader, range, out)
                  : a.what == "features" ? store::export_features_csv(reader, range, out)
                  : a.what == "ticks"    ? store::export_ticks_csv(reader, range, out)
                                      : store::export_trades_csv(reader, run, range, a.symbol.empty(), out);
    out.close();
    if (!out) throw std::runtime_error(a.out + ": write failed");
    if (trades)
        std::cout << "wrote " << rows << " trades of run " << run << " to " << a.out << "\n";
    else
        std::cout << "wrote " << rows << " " << a.what << " rows for " << range.symbol.view() << " to "
                  << a.out << "\n";
    if (rows == 0 && a.what == "features")
        std::cout << "  (features are stored only when a run or an import records them)\n";
    return 0;
}

CommandRegistration db_command{
    "db", "Show positions, orders, fills and runs from the database; export bars, features, trades to CSV",
    [](CLI::App& cmd) {
        auto args = std::make_shared<DbArgs>();
        auto chosen = std::make_shared<std::string>();
        auto config = std::make_shared<ConfigFlags>();
        cmd.require_subcommand(1);
        add_config_flags(cmd, *config);
        cmd.add_option("--db", args->db, "SQLite database file (default DATA_DB_PATH)");
        for (const char* view : {"positions", "orders", "fills", "runs", "status"}) {
            auto* sub = cmd.add_subcommand(view, std::string("Show ") + view);
            sub->fallthrough();  // accept --db after the view too
            if (std::string(view) != "status" && std::string(view) != "runs")
                sub->add_option("--run", args->run, "Only this run id");
            if (std::string(view) != "positions" && std::string(view) != "status")
                sub->add_option("--limit", args->limit, "Most recent N rows")->capture_default_str();
            sub->callback([chosen, view] { *chosen = view; });
        }
        auto* migrate = cmd.add_subcommand("migrate", "Upgrade an older database to this program's schema");
        migrate->fallthrough();
        migrate->callback([chosen] { *chosen = "migrate"; });
        auto* exp = cmd.add_subcommand(
            "export", "Export bars, features or market ticks of one symbol, or the trades of a run, to CSV");
        exp->fallthrough();
        exp->add_option("WHAT", args->what,
                        "bars, features, ticks (market prints) or trades (a run's executions)")
            ->required()
            ->check(CLI::IsMember({"bars", "features", "ticks", "trades"}));
        exp->add_option("--symbol", args->symbol, "Ticker symbol (required except for trades)");
        exp->add_option("--run", args->run, "trades: the run id (default: the latest run; see `db runs`)");
        exp->add_option("--out", args->out, "CSV file to write")->required();
        exp->add_option("--timeframe", args->timeframe, "Bar/feature timeframe")->capture_default_str();
        exp->add_option("--from", args->from, "First time included (YYYY-MM-DD[THH:MM:SS], UTC)");
        exp->add_option("--to", args->to,
                        "Last day (or UTC time) included (YYYY-MM-DD[THH:MM:SS]), as in backtest");
        exp->callback([chosen, args] {
            *chosen = "export";
            if (args->what != "trades" && args->symbol.empty())
                throw CLI::ValidationError("--symbol",
                                           "export " + args->what + " needs --symbol, e.g. --symbol AAPL");
        });
        return [args, chosen, config]() -> int {
            args->db = session::database_or_configured(load_config(*config, "db"), args->db).string();
            if (*chosen == "export") return export_csv(*args);
            if (*chosen == "migrate") {
                if (!std::filesystem::exists(args->db))
                    throw std::runtime_error(args->db + ": no database here to migrate");
                auto db = store::open_for_writing(args->db);
                std::cout << args->db << ": schema version " << store::schema_version(db) << "\n";
                return 0;
            }
            return show(*chosen, *args);
        };
    }};
}  // namespace
}  // namespace robo::apps
