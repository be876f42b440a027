// apps/session_store.hpp — `backtest` and `run` recording themselves in the database:
// which database (if any) a session reads its market data from and records into, and the
// writer, recorder and audit tee that do the recording.
//
// Source: the database when --db is given and --data is not; else the CSV files of --data.
// Recording: into --db when given, else into DATA_DB_PATH when it is set explicitly
// (environment, .env, config.toml); --no-record turns it off. The writer drops (and counts)
// rather than blocking the engine.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "robo/data/quality/row_gate.hpp"
#include "robo/engine/session.hpp"
#include "robo/log/audit_tee.hpp"
#include "robo/store/session_recorder.hpp"
#include "run_options.hpp"

namespace robo::apps {

struct DatabaseChoice {
    std::optional<std::filesystem::path> source;  // market data from here
    std::optional<std::filesystem::path> record;  // the session recorded here
};
DatabaseChoice choose_database(const RunOptions& o);

class SessionStore {
public:
    // Opens (creating or migrating) the database and records the run's start. Throws.
    SessionStore(const std::filesystem::path& db, engine::Mode mode, nlohmann::json config);

    // The audit sink to give the session: the trail, and the recorder beside it.
    log::AuditSink& audit(log::AuditSink& trail);
    void attach(engine::Session& session);
    // Rows the quality gate kept out of the session, into quality_findings (kind: the reason;
    // source: "run RUN_ID").
    void record_quarantined(const std::vector<data::quality::QuarantinedRow>& rows);
    engine::EngineObserver* observer() { return recorder_.get(); }

    // Records the end and waits for the commit; returns the line for the summary.
    std::string finish(const engine::RunSummary& summary);

private:
    std::filesystem::path db_;
    std::unique_ptr<store::Writer> writer_;
    std::unique_ptr<store::SessionRecorder> recorder_;
    std::unique_ptr<log::AuditTee> tee_;
};

// The run's configuration for the runs table: the command's options and the effective
// configuration, secrets redacted (the control token is left out).
nlohmann::json run_config_json(const RunOptions& o, const engine::SessionConfig& sc, const char* command,
                               const DatabaseChoice& db);

}  // namespace robo::apps
