// session/recording.cpp — see recording.hpp.
#include "robo/session/recording.hpp"

#include <fmt/format.h>

namespace robo::session {

SessionStore::SessionStore(const std::filesystem::path& db, const Policy& policy, nlohmann::json config)
    : db_(db) {
    const engine::Mode mode = policy.mode;
    store::WriterOptions wo;
    wo.on_full = store::OnFull::drop;  // never block the engine; drops are counted and reported
    writer_ = std::make_unique<store::Writer>(db, wo);
    const auto started = wall_now();
    std::string kind = mode == engine::Mode::backtest ? "backtest"
                       : mode == engine::Mode::replay ? "replay"
                       : mode == engine::Mode::paper  ? "paper"
                                                      : "live";
    recorder_ = std::make_unique<store::SessionRecorder>(
        *writer_, store::RunRecord{store::make_run_id(kind, started), kind, started, config.dump()},
        store::RecorderPolicy{
            .moves_kill_switch = policy.recording_moves_kill_switch,
            .features_on_full = policy.recording_waits ? store::OnFull::block : store::OnFull::drop});
}

log::AuditSink& SessionStore::audit(log::AuditSink& trail) {
    tee_ = std::make_unique<log::AuditTee>(trail, *recorder_);
    return *tee_;
}

void SessionStore::attach(engine::Session& session, bool features) {
    recorder_->attach(session.orders(), session.portfolio());
    if (features && session.features())
        session.features()->set_listener([recorder = recorder_.get()](const features::FeatureSnapshot& snap) {
            recorder->on_features(snap);
        });
}

void SessionStore::record_quarantined(const std::vector<data::quality::QuarantinedRow>& rows) {
    const std::string source = "run " + recorder_->run_id();
    for (const auto& r : rows)
        writer_->submit(store::QualityRecord{
            r.time, r.symbol.str(), r.timeframe ? std::string(to_string(*r.timeframe)) : std::string(),
            std::string(data::quality::to_string(r.reason)), r.text, source});
}

std::string SessionStore::finish(const engine::RunSummary& summary) {
    std::string status = summary.final_state == engine::EngineState::error      ? "failed"
                         : summary.stop_cause == engine::StopCause::end_of_data ? "completed"
                                                                                : "stopped";
    bool ok = recorder_->finish(status, summary.to_json(), wall_now());
    writer_->close();
    auto stats = writer_->stats();
    std::string line =
        fmt::format("  database {} run {}: {} records written{}, {} dropped (queue full){}", db_.string(),
                    recorder_->run_id(), stats.totals().inserted + stats.totals().replaced,
                    recorder_->features_submitted() > 0
                        ? fmt::format(" (of them {} feature values)", recorder_->features_submitted())
                        : std::string(),
                    recorder_->dropped(), ok ? "" : ", NOT ALL COMMITTED: " + stats.failure);
    if (stats.totals().failed > 0)
        line += fmt::format(", {} refused (last: {})", stats.totals().failed, stats.last_row_error);
    return line;
}

}  // namespace robo::session
