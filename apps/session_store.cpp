// apps/session_store.cpp — see session_store.hpp.
#include "session_store.hpp"

#include <fmt/format.h>

#include "db_source.hpp"
#include "robo/config/report.hpp"

namespace robo::apps {

DatabaseChoice choose_database(const RunOptions& o) {
    DatabaseChoice c;
    if (o.db) {
        std::filesystem::path file = database_or_configured(*o.db);
        if (!o.data_given) c.source = file;
        if (!o.no_record) c.record = file;
    } else if (!o.no_record) {
        auto configured = configured_database();
        if (configured.explicit_setting) c.record = configured.path;
    }
    return c;
}

SessionStore::SessionStore(const std::filesystem::path& db, engine::Mode mode, nlohmann::json config)
    : db_(db) {
    store::WriterOptions wo;
    wo.on_full = store::OnFull::drop;  // never block the engine; drops are counted and reported
    writer_ = std::make_unique<store::Writer>(db, wo);
    const auto started = wall_now();
    std::string kind = mode == engine::Mode::backtest ? "backtest"
                       : mode == engine::Mode::replay ? "replay"
                       : mode == engine::Mode::paper  ? "paper"
                                                      : "live";
    recorder_ = std::make_unique<store::SessionRecorder>(
        *writer_, store::RunRecord{store::make_run_id(kind, started), kind, started, config.dump()});
}

log::AuditSink& SessionStore::audit(log::AuditSink& trail) {
    tee_ = std::make_unique<log::AuditTee>(trail, *recorder_);
    return *tee_;
}

void SessionStore::attach(engine::Session& session) {
    recorder_->attach(session.orders(), session.portfolio());
}

void SessionStore::record_quarantined(const std::vector<data::quality::QuarantinedRow>& rows) {
    const std::string source = "run " + recorder_->run_id();
    for (const auto& r : rows)
        writer_->submit(store::QualityRecord{
            r.time, r.symbol.str(), r.timeframe ? std::string(to_string(*r.timeframe)) : std::string(),
            std::string(data::quality::to_string(r.reason)), r.text, source});
}

std::string SessionStore::finish(const engine::RunSummary& summary) {
    std::string status = summary.final_state == engine::EngineState::error ? "failed"
                         : summary.stop_reason == "end of data"            ? "completed"
                                                                           : "stopped";
    bool ok = recorder_->finish(status, summary.to_json(), wall_now());
    writer_->close();
    auto stats = writer_->stats();
    std::string line =
        fmt::format("  database {} run {}: {} records written, {} dropped (queue full){}", db_.string(),
                    recorder_->run_id(), stats.totals().inserted + stats.totals().replaced,
                    recorder_->dropped(), ok ? "" : ", NOT ALL COMMITTED: " + stats.failure);
    if (stats.totals().failed > 0)
        line += fmt::format(", {} refused (last: {})", stats.totals().failed, stats.last_row_error);
    return line;
}

nlohmann::json run_config_json(const RunOptions& o, const engine::SessionConfig& sc, const char* command,
                               const DatabaseChoice& db) {
    nlohmann::json strategies = nlohmann::json::array();
    for (const auto& s : sc.strategies) {
        nlohmann::json p = nlohmann::json::object();
        for (const auto& [k, v] : s.params) p[k] = v;
        strategies.push_back({{"name", s.name}, {"params", p}});
    }
    return {{"command", command},
            {"source", db.source ? "database " + db.source->string() : "csv " + o.data},
            {"symbols", o.symbols},
            {"from", o.from},
            {"to", o.to},
            {"strategies", strategies},
            {"combine", o.combine},
            {"initial_cash", sc.initial_cash.to_string(2)},
            {"commission", std::string(exec::to_string(sc.broker.commission))},
            {"slippage_bps", sc.broker.slippage_bps},
            {"position_fraction", sc.trader.position_fraction},
            {"risk", o.risk},
            {"time_zone", o.time_zone},
            {"effective_config", config::effective_config_json(config::load())}};
}

}  // namespace robo::apps
