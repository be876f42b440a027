// apps/cmd_db.cpp — `robo_trader db [--db FILE] positions|orders|fills|runs|status|migrate|export`:
// the flags (--db defaults to DATA_DB_PATH). What each view shows and how an export reads its
// flags: store/db_views.hpp. Exit status 0, or 1 with a one-line error.
#include <iostream>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "robo/session/plan.hpp"
#include "robo/store/db_views.hpp"

namespace robo::apps {
namespace {

struct DbArgs {
    std::string db;  // empty: DATA_DB_PATH
    std::string run;
    size_t limit = 50;
    store::ExportRequest exp;
};

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
        auto& e = args->exp;
        exp->add_option("WHAT", e.what,
                        "bars, features, ticks (market prints) or trades (a run's executions)")
            ->required()
            ->check(CLI::IsMember({"bars", "features", "ticks", "trades"}));
        exp->add_option("--symbol", e.symbol, "Ticker symbol (required except for trades)");
        exp->add_option("--run", e.run, "trades: the run id (default: the latest run; see `db runs`)");
        exp->add_option("--out", e.out, "CSV file to write")->required();
        exp->add_option("--timeframe", e.timeframe, "Bar/feature timeframe")->capture_default_str();
        exp->add_option("--from", e.from, "First time included (YYYY-MM-DD[THH:MM:SS], UTC)");
        exp->add_option("--to", e.to,
                        "Last day (or UTC time) included (YYYY-MM-DD[THH:MM:SS]), as in backtest");
        exp->callback([chosen] { *chosen = "export"; });
        return [args, chosen, config]() -> int {
            const auto db = session::database_or_configured(load_config(*config, "db"), args->db);
            if (*chosen == "export")
                std::cout << store::export_csv(db, args->exp);
            else if (*chosen == "migrate")
                std::cout << store::migrate(db);
            else
                std::cout << store::show_view(db, *chosen, args->run, args->limit);
            return 0;
        };
    }};
}  // namespace
}  // namespace robo::apps
