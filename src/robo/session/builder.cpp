// session/builder.cpp — see builder.hpp.
#include "robo/session/builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "robo/session/broker_link.hpp"
#include "robo/session/database.hpp"
#include "robo/session/live_services.hpp"
#include "robo/session/recording.hpp"

namespace robo::session {

int Outcome::exit_code() const noexcept {
    if (!positions_agree) return 3;
    return summary.final_state == engine::EngineState::error ? 1 : 0;
}

std::shared_ptr<const engine::LoadedFeed> SessionBuilder::load_data(const Plan& plan) {
    // Through IBKR, TWS itself is the market data.
    if (plan.request.broker == "ibkr") return std::make_shared<const engine::LoadedFeed>();
    return std::make_shared<const engine::LoadedFeed>(
        plan.db.source ? load_feed_from_database(*plan.db.source, plan.data) : engine::load_feed(plan.data));
}

SessionBuilder::SessionBuilder(Plan plan) : plan_(std::move(plan)), loaded_(load_data(plan_)) {}

SessionBuilder::SessionBuilder(Plan plan, std::shared_ptr<const engine::LoadedFeed> data)
    : plan_(std::move(plan)), loaded_(std::move(data)) {
    if (!loaded_) throw std::invalid_argument("SessionBuilder: no data given");
}

SessionBuilder::~SessionBuilder() = default;

engine::Session& SessionBuilder::session() {
    if (!session_) throw std::logic_error("SessionBuilder::session() before assemble()");
    return *session_;
}

void SessionBuilder::assemble(std::ostream& out) {
    if (session_) throw std::logic_error("SessionBuilder::assemble() called twice");
    engine::SessionConfig& sc = plan_.engine;
    // Orders on daily bars are placed after the close for the next open, so the market-hours
    // check applies only when the data has no daily bars (the gate cannot tell them apart
    // per symbol).
    bool has_daily = false,
         has_intraday = !loaded_->inventory.tick_files.empty() || !loaded_->inventory.quote_files.empty();
    for (const auto& f : loaded_->inventory.bar_files)
        (f.timeframe == Timeframe::day ? has_daily : has_intraday) = true;
    const bool trades_intraday = has_intraday && !has_daily;
    // Default features on every bar timeframe in the data (strategies read them in on_features).
    for (const auto& f : loaded_->inventory.bar_files)
        if (std::find(sc.feature_timeframes.begin(), sc.feature_timeframes.end(), f.timeframe) ==
            sc.feature_timeframes.end())
            sc.feature_timeframes.push_back(f.timeframe);
    // The kill switch's file and reset and the market-hours check follow the policy; with
    // the dashboard's control token there is an operator to reset a trip.
    apply(plan_.policy, sc, trades_intraday,
          plan_.dashboard.enabled && !plan_.dashboard.control_token.empty());

    // The run's audit trail (orders, transitions, refusals): a backtest starts a fresh file;
    // a run appends. Syncing follows the policy.
    // A research run (write_files off) writes nothing: a session through a broker always
    // keeps its trail.
    if (plan_.request.write_files || plan_.through_broker()) {
        std::filesystem::create_directories(plan_.out);
        if (!plan_.audit_path.parent_path().empty())
            std::filesystem::create_directories(plan_.audit_path.parent_path());
        if (plan_.policy.audit_fresh_each_run) std::filesystem::remove(plan_.audit_path);
        auto trail = std::make_unique<log::AuditTrail>(plan_.audit_path, plan_.policy.audit_fsync);
        trail_ = trail.get();
        audit_ = std::move(trail);
    } else {
        audit_ = std::make_unique<log::NullAuditSink>();
    }
    if (plan_.db.record)
        recording_ = std::make_unique<SessionStore>(*plan_.db.record, plan_.policy, plan_.record_json());
    if (recording_) recording_->record_quarantined(loaded_->quarantined);
    if (plan_.through_broker()) broker_ = BrokerLink::open(plan_, sc, *loaded_, out);
    live_ = std::make_unique<LiveServices>(plan_, sc.session_id, sc.use_risk_gate);
    log::AuditSink& sink = live_->audit(recording_ ? recording_->audit(*audit_) : *audit_);
    if (broker_ && plan_.policy.gate_live_stream) {
        engine::QualityFeedOptions qo;
        qo.stop_on_bad = plan_.data.stop_on_bad_row;
        qo.rules.tick_outliers.k = plan_.data.outlier_mad_threshold;
        qo.rules.bar_outliers.k = plan_.data.outlier_mad_threshold;
        gated_ = std::make_unique<engine::QualityGatedFeed>(broker_->feed(), qo);
    }
    session_ = broker_ ? std::make_unique<engine::Session>(sc, gated_ ? *gated_ : broker_->feed(), sink,
                                                           broker_->broker())
                       : nullptr;
    if (!broker_) {
        events_ = std::make_unique<data::RecordFeedReader>(loaded_->feed.events());
        session_ = std::make_unique<engine::Session>(sc, *events_, sink);
    }
    if (plan_.data.dividends_cash) {  // DATA_DIVIDENDS=cash: booked on the ex-dates (engine.hpp)
        session_->engine().set_dividends(loaded_->dividends);
        for (const auto& file : loaded_->files_without_adj_close)
            out << "warning: DATA_DIVIDENDS=cash: " << file
                << ": no Adj Close column: dividends unknown, none booked for it\n";
    }
    if (recording_) {
        recording_->attach(*session_, plan_.db.features);
        observers_.add(recording_->observer());
    }
    // The dashboard and the alerts: threads beside the engine, fed through one observer.
    live_->attach(*session_, *audit_, *loaded_, observers_, out);
    if (!observers_.empty()) session_->engine().set_observer(&observers_);
}

Outcome SessionBuilder::run(std::ostream& out) {
    engine::Session& s = session();
    // With FsyncPolicy::none the trail is written by its own thread: when run() returns or
    // throws, every record of the session is in the file, for the caller that reads it while
    // this builder (and the trail) lives on (the Python Result, a research loop).
    struct FlushOnExit {
        log::AuditTrail* trail;
        ~FlushOnExit() {
            if (trail) trail->flush();
        }
    } flush_on_exit{trail_};
    Outcome o;
    o.summary = s.run();
    s.engine().set_observer(nullptr);
    // A break at the end is a failed session, whatever the engine's own state.
    if (broker_)
        o.positions_agree = broker_->finish(out, s.portfolio(), s.engine().position_check().baseline());
    if (gated_) {
        out << fmt::format("  live data quality gate: {} records quarantined{}\n", gated_->quarantined(),
                           gated_->quarantined() ? " (" + gated_->summary() + "), never traded" : "");
        for (const auto& e : gated_->examples()) out << "    " << e << "\n";
    }
    live_->finish(plan_.dashboard.linger, out);
    if (recording_) out << recording_->finish(o.summary) << "\n";
    o.metrics = report::compute_metrics(s.portfolio());
    if (plan_.request.write_files || plan_.through_broker())
        o.files = engine::write_run_files(plan_.out, s, *loaded_, o.metrics, report_info(o.summary));
    log::flush();
    return o;
}

std::string SessionBuilder::strategy_names() const {
    std::string names;
    auto add = [&](std::string_view name, const std::optional<Timeframe>& tf) {
        if (!names.empty()) names += " + ";
        names += name;
        if (tf) names += fmt::format("@{}", to_string(*tf));
    };
    for (const auto& s : plan_.engine.strategies) add(s.name, s.timeframe);
    for (const auto& o : plan_.engine.strategy_objects) add(o.strategy->name(), o.timeframe);
    return names;
}

report::ReportInfo SessionBuilder::report_info(const engine::RunSummary& summary) const {
    const engine::SessionConfig& sc = plan_.engine;
    const std::string kill_switch = session_ ? session_->gate().kill_switch_state() : "armed";
    report::ReportInfo info;
    info.title = std::string(plan_.request.mode == engine::Mode::backtest ? "Backtest: "
                                                                          : "Paper session (replay): ") +
                 strategy_names();
    info.facts = {{"data", plan_.data_label},
                  {"symbols", std::to_string(loaded_->symbols.size())},
                  {"bars / trades / quotes",
                   fmt::format("{} / {} / {}", loaded_->bars, loaded_->ticks, loaded_->quotes)},
                  {"strategies", strategy_names() + " (" + plan_.request.combine + ")"},
                  {"initial cash", sc.initial_cash.to_string(2)},
                  {"commission", std::string(exec::to_string(sc.broker.commission))},
                  {"slippage", fmt::format("{} bps", sc.broker.slippage_bps)},
                  {"position size",
                   fmt::format("{} sizing, at most {:.2f}% of equity",
                               risk::to_string(sc.trader.sizing.method), sc.trader.position_fraction * 100)},
                  {"kill switch", kill_switch},
                  {"policy", std::string(to_string(plan_.policy.kind)) + ": " + plan_.policy.describe()},
                  {"stopped", summary.stop_reason}};
    // What the data held that the session did not use (only when there was something).
    if (loaded_->rejected_rows)
        info.facts.push_back({"rejected rows (reader)", std::to_string(loaded_->rejected_rows)});
    if (loaded_->quarantined_rows)
        info.facts.push_back({"quarantined rows (quality gate)",
                              fmt::format("{} ({})", loaded_->quarantined_rows,
                                          data::quality::format_reasons(loaded_->quarantined_by_reason))});
    return info;
}

}  // namespace robo::session
