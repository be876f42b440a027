// session/plan.hpp — a session's every setting, resolved once from one configuration and
// one request, before any file is opened or any connection made.
//
// The request's overrides are written onto the plan's copy of the configuration first
// (a flag IS its option for the rest of the session), then every component's settings are
// derived from that copy: the engine, the broker's fill model, the trader's sizing, the
// gate's limits, the strategies with their configured defaults, the data selection, the
// database, the log, the dashboard and the policy of the kind of session. Nothing later
// reads the configuration or the request to decide something again.
//
// Errors: plan_session throws std::invalid_argument naming the flag or option, the value
// and what was expected (an unknown strategy or parameter included: it is caught before
// any data is loaded).
#pragma once
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "robo/config/loader.hpp"
#include "robo/engine/backtest.hpp"
#include "robo/engine/session.hpp"
#include "robo/log/log.hpp"
#include "robo/session/policy.hpp"
#include "robo/session/request.hpp"

namespace robo::session {

// Which database (if any) the session reads its market data from and records into.
// Source: the database when `db` is given and `data` is not; else the files of `data`.
// Recording: into `db` when given, else into DATA_DB_PATH when that is set explicitly
// (environment, .env, config.toml); no_record turns it off. `features`: the recording
// includes every bar's feature values (request.record_features).
struct DatabaseChoice {
    std::optional<std::filesystem::path> source;
    std::optional<std::filesystem::path> record;
    bool features = false;
};

// The dashboard's settings (a `run` with dashboard on).
struct DashboardSettings {
    bool enabled = false;
    std::string bind;  // empty: loopback
    int port = 8765;   // 0: any free port
    std::string control_token;
    std::vector<std::string> allowed_hosts;
    double linger = 0;
};

struct Plan {
    config::Config config;  // with the request's overrides written in
    SessionRequest request;
    Policy policy;
    engine::SessionConfig engine;
    engine::DataSelection data;
    DatabaseChoice db;
    std::string data_label;  // where the market data comes from, for messages: the folder, file or database
    std::filesystem::path out, audit_path;
    log::LogOptions log;
    DashboardSettings dashboard;
    // The configuration as loaded, each value with its source (secrets redacted): recorded
    // with the run and shown by the dashboard. Not part of to_json().
    std::string effective_config;
    bool through_broker() const noexcept { return request.broker != "paper"; }

    // Every resolved setting that changes what the session does (secrets left out), for
    // the runs table and for the test that every option has a consumer.
    nlohmann::json to_json() const;
    // What the runs table records: to_json() and the effective configuration.
    nlohmann::json record_json() const;
};

Plan plan_session(const config::LoadResult& loaded, SessionRequest request);

// The paper fill model — commission plan and rate, slippage, volume cap — from the
// configuration and the request's overrides: what the paper broker of a session and the TWS
// simulator (`robo_trader tws-sim`) fill with. Throws std::invalid_argument naming the flag.
exec::PaperBrokerConfig fill_model(const config::Config& cfg, const SessionRequest& request);

// DATA_DB_PATH as configured, and whether it was set explicitly rather than defaulted.
struct DatabaseSetting {
    std::filesystem::path path;
    bool explicit_setting = false;
};
DatabaseSetting configured_database(const config::LoadResult& loaded);
// A `--db` flag's value, or DATA_DB_PATH when the flag is empty.
std::filesystem::path database_or_configured(const config::LoadResult& loaded, const std::string& flag_value);

}  // namespace robo::session
