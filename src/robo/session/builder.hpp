// session/builder.hpp — one session, built from a plan, for every kind: a backtest, a
// replay on the paper broker, a session through the TWS simulator, an IBKR paper or live
// account. The command line, the tests, the Python package and the research runner all
// build sessions here, so they get the same data selection, feed, broker, gate, sizing,
// strategies, observers (database recording, dashboard, alerts), audit trail and reports.
//
//   auto plan = session::plan_session(config::load(...), request);  // settings; throws
//   session::SessionBuilder b(std::move(plan));                       // loads the data; throws
//   ... print b.data() ...
//   b.assemble(std::cout);   // audit, recording, broker link, dashboard; throws
//   auto outcome = b.run(std::cout);                                  // runs; writes the files
//
// Messages about the session's own resources (the simulator's port, the broker's account
// kind, the dashboard's address, the recording's totals) go to the stream the caller gives;
// progress and the summary are the caller's to print. Errors are exceptions whose what()
// is one line naming the setting, file or connection and what was expected.
#pragma once
#include <iosfwd>
#include <memory>

#include "robo/engine/backtest.hpp"
#include "robo/engine/observer_fanout.hpp"
#include "robo/engine/quality_feed.hpp"
#include "robo/log/audit_trail.hpp"
#include "robo/report/metrics.hpp"
#include "robo/session/plan.hpp"

namespace robo::session {

class BrokerLink;
class LiveServices;
class SessionStore;

struct Outcome {
    engine::RunSummary summary;
    report::Metrics metrics;
    engine::RunFiles files;
    bool positions_agree = true;     // false: the broker's positions broke from the ledger
    int exit_code() const noexcept;  // 0 finished, 1 engine error, 3 positions broke
};

class SessionBuilder {
public:
    // Loads and selects the market data (a session through IBKR takes it from TWS instead).
    // Throws std::runtime_error naming what could not be read or found.
    explicit SessionBuilder(Plan plan);
    // On data already loaded for this plan's selection (load_data), shared read-only with
    // other sessions on other threads: the runs of a sweep load and check the data once.
    SessionBuilder(Plan plan, std::shared_ptr<const engine::LoadedFeed> data);
    // The market data a plan selects, from files or the database. Throws as above.
    static std::shared_ptr<const engine::LoadedFeed> load_data(const Plan& plan);
    ~SessionBuilder();
    SessionBuilder(const SessionBuilder&) = delete;
    SessionBuilder& operator=(const SessionBuilder&) = delete;

    const Plan& plan() const noexcept { return plan_; }
    const engine::LoadedFeed& data() const noexcept { return *loaded_; }
    // Files that could not be read: a session refuses to trade on part of what it was given.
    bool data_complete() const noexcept { return loaded_->failures.empty(); }

    // Builds the session on the data: policy, audit trail, recording, the broker link (tws-sim
    // or IBKR), the live quality gate, the dashboard and alerts. Throws.
    void assemble(std::ostream& out);
    engine::Session& session();
    // The stream gate's tallies (sessions through a broker), or null.
    const engine::QualityGatedFeed* live_gate() const noexcept { return gated_.get(); }
    // The session's audit trail (after assemble(); a sink that keeps nothing when write_files
    // is off), for what a front end records itself: a Python strategy's exception.
    log::AuditSink* audit_trail() noexcept { return audit_.get(); }

    // Runs to the end, then reconciles with the broker, closes the dashboard, alerts and
    // recording (printing their lines to `out`) and writes trades, fills, equity and the report
    // (unless the request's write_files is off; session().portfolio() keeps them in memory).
    Outcome run(std::ostream& out);

    // The report's facts (settings and what the data held), for the caller's own outputs.
    report::ReportInfo report_info(const engine::RunSummary& summary) const;
    std::string strategy_names() const;

private:
    Plan plan_;
    std::shared_ptr<const engine::LoadedFeed> loaded_;
    std::unique_ptr<data::RecordFeedReader> events_;   // this session's reader of loaded_
    std::unique_ptr<log::AuditSink> audit_;            // the audit trail, or a null sink (write_files off)
    log::AuditTrail* trail_ = nullptr;                 // audit_ when it is a file: flushed when run() ends
    std::unique_ptr<BrokerLink> broker_;               // tws-sim / ibkr: data and orders over the socket API
    std::unique_ptr<engine::QualityGatedFeed> gated_;  // the broker's stream through the quality gate
    std::unique_ptr<LiveServices> live_;               // outlives the session, which writes through it
    std::unique_ptr<engine::Session> session_;
    std::unique_ptr<SessionStore> recording_;  // attached to the session's orders: goes first
    engine::ObserverFanout observers_;
};

}  // namespace robo::session
