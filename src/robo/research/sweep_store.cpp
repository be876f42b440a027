// research/sweep_store.cpp — see sweep_store.hpp.
#include "robo/research/sweep_store.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "robo/log/sha256.hpp"
#include "robo/store/database.hpp"

namespace robo::research {
namespace {

std::optional<double> real(double x) { return std::isnan(x) ? std::nullopt : std::optional<double>(x); }

}  // namespace

std::string sweep_id(const nlohmann::json& definition) {
    return "sweep-" + log::sha256_hex(definition.dump()).substr(0, 16);
}

std::string record_sweep(const std::filesystem::path& db, const std::string& kind,
                         const nlohmann::json& definition, const SweepSummary& s,
                         const nlohmann::json& summary_file, const std::vector<RunRecord>& runs) {
    const std::string id = sweep_id(definition);
    store::Connection c = store::open_for_writing(db);
    store::Transaction tx(c);
    store::Statement(c, "DELETE FROM sweep_runs WHERE sweep_id = ?").bind(1, id).run();
    store::Statement(c, "DELETE FROM sweeps WHERE sweep_id = ?").bind(1, id).run();
    store::Statement sweep(
        c,
        "INSERT INTO sweeps (sweep_id, kind, recorded_ns, objective, definition, runs, done, failed, "
        "skipped, best_run, deflated_sharpe, pbo, summary) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    sweep.bind(1, id)
        .bind(2, kind)
        .bind(3, unix_nanos(wall_now()))
        .bind(4, std::string(to_string(s.objective)))
        .bind(5, definition.dump())
        .bind(6, int64_t(s.runs))
        .bind(7, int64_t(s.ok))
        .bind(8, int64_t(s.failed))
        .bind(9, int64_t(s.skipped))
        .bind(10, s.best ? std::optional<std::string>(runs[*s.best].id) : std::nullopt)
        .bind(11, real(s.deflated_sharpe.value))
        .bind(12, real(s.pbo.value))
        .bind(13, summary_file.dump())
        .run();
    store::Statement row(
        c,
        "INSERT INTO sweep_runs (sweep_id, run_id, strategy, params, status, reason, final_equity_e8, "
        "total_return, cagr, sharpe, sortino, max_drawdown, calmar, trades, win_rate, profit_factor, "
        "exposure) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& r : runs) {
        nlohmann::json params = nlohmann::json::object();
        for (const auto& [k, v] : r.params) params[k] = v;
        const bool ok = r.status == RunStatus::ok;
        const RunMetrics& m = r.metrics;
        auto metric = [&](double x) { return ok ? real(x) : std::nullopt; };
        row.bind(1, id)
            .bind(2, r.id)
            .bind(3, r.strategy)
            .bind(4, params.dump())
            .bind(5, std::string(to_string(r.status)))
            .bind(6, r.reason)
            .bind(7, ok ? std::optional<int64_t>(m.final_equity.raw()) : std::nullopt)
            .bind(8, metric(m.total_return))
            .bind(9, metric(m.cagr))
            .bind(10, metric(m.sharpe))
            .bind(11, metric(m.sortino))
            .bind(12, metric(m.max_drawdown))
            .bind(13, metric(m.calmar))
            .bind(14, ok ? std::optional<int64_t>(m.trades) : std::nullopt)
            .bind(15, metric(m.win_rate))
            .bind(16, metric(m.profit_factor))
            .bind(17, metric(m.exposure))
            .run();
    }
    tx.commit();
    return id;
}

}  // namespace robo::research
