// session/recording.hpp — a session recording itself in the database (which database:
// plan.hpp's DatabaseChoice): the writer, recorder and audit tee that do the recording. What
// waits and what is dropped (and counted) rather than blocking the engine is the policy's
// recording row (policy.hpp).
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "robo/data/quality/row_gate.hpp"
#include "robo/engine/session.hpp"
#include "robo/log/audit_tee.hpp"
#include "robo/session/policy.hpp"
#include "robo/store/session_recorder.hpp"

namespace robo::session {

class SessionStore {
public:
    // Opens (creating or migrating) the database and records the run's start with its
    // settings (`config`: the plan's, for the runs table). Throws.
    SessionStore(const std::filesystem::path& db, const Policy& policy, nlohmann::json config);

    // The audit sink to give the session: the trail, and the recorder beside it.
    log::AuditSink& audit(log::AuditSink& trail);
    // `features`: also the feature values the session's feature stage computes for each bar
    // (the features table); nothing is hooked without it.
    void attach(engine::Session& session, bool features = false);
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

}  // namespace robo::session
