// The session plan (session/plan.hpp): every option in the table reaches a setting the
// session uses, every flag overrides its option for the sizer and whichever gate checks the
// orders, and a bad value names the flag. Plans are built without loading data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "robo/config/loader.hpp"
#include "robo/config/options.hpp"
#include "robo/session/plan.hpp"
#include "robo/strategy/schema.hpp"

namespace robo::session {
namespace {

using ::testing::HasSubstr;
using Env = std::vector<std::pair<std::string, std::string>>;

config::LoadResult load_env(Env env) {
    config::LoadOptions lo;
    lo.environment = std::move(env);
    return config::load(lo);
}

SessionRequest backtest_request() {
    SessionRequest r;
    r.mode = engine::Mode::backtest;
    return r;
}
SessionRequest ibkr_request() {
    SessionRequest r;
    r.mode = engine::Mode::replay;
    r.command = "run";
    r.broker = "ibkr";
    r.dashboard = true;
    return r;
}

// What a configuration makes three kinds of session do: a backtest, and a run through
// IBKR with the dashboard (the connection, SYMBOLS, the dashboard's and alerts' settings),
// plus the loader's own verdicts (cross-field rules such as IBKR_ALLOW_LIVE_PORT).
nlohmann::json behaviour(const Env& env) {
    auto loaded = load_env(env);
    nlohmann::json out;
    for (const auto& d : loaded.diagnostics) out["diagnostics"].push_back(d.message);
    if (!loaded.ok()) return out;
    out["backtest"] = plan_session(loaded, backtest_request()).to_json();
    try {
        out["ibkr"] = plan_session(loaded, ibkr_request()).to_json();
    } catch (const std::exception& e) {
        out["ibkr"] = std::string("refused: ") + e.what();
    }
    return out;
}

std::string number_text(double v, bool integer) {
    return integer ? std::to_string(std::llround(v)) : std::to_string(v);  // never an exponent
}

// A valid value other than the one in force (`def`: the default or the preset's), from the
// option's type and range.
std::string other_value(const config::OptionDef& d, const std::string& def) {
    using config::Type;
    switch (d.type) {
        case Type::boolean:
            return def == "true" ? "false" : "true";
        case Type::choice: {
            std::string choices(d.choices);
            size_t start = 0;
            while (start <= choices.size()) {
                size_t bar = choices.find('|', start);
                std::string c =
                    choices.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
                if (c != def) return c;
                if (bar == std::string::npos) break;
                start = bar + 1;
            }
            return def;
        }
        case Type::integer:
        case Type::number:
        case Type::money:
        case Type::price: {
            const bool integer = d.type == Type::integer;
            const double now = def.empty() ? 0 : std::stod(def);
            double lo = d.has_min ? d.min : 0, hi = d.has_max ? d.max : std::max(2 * now + 10, 10.0);
            double v = integer ? std::floor((lo + hi) / 2) : (lo + hi) / 2;
            if (v == now || (d.min_exclusive && v <= lo))
                v = integer ? std::floor((v + hi) / 2) : (v + hi) / 2;
            return number_text(v, integer);
        }
        case Type::path:
            return "/tmp/robo-probe/" + std::string(d.name) + ".file";
        case Type::timezone:
            return "Europe/London";
        case Type::host:
            return "10.1.2.3";
        case Type::hosts:
            return "probe.example";
        case Type::symbols:
            return "ZZZ";
        case Type::idents:
            return "momentum";
        case Type::ident:
            return "probe";
        case Type::string:
            return "probe-value";
    }
    return def;
}

// Options whose other value needs another setting to mean something (a live port only
// matters when the port is live) or a specific shape (a webhook is a URL).
const std::map<std::string, Env> kProbes = {
    {"IBKR_ALLOW_LIVE_PORT", {{"IBKR_ALLOW_LIVE_PORT", "true"}, {"IBKR_PORT", "7496"}}},
    {"EXECUTION_LIVE_CONFIRM", {{"EXECUTION_LIVE_CONFIRM", "I_UNDERSTAND"}}},
    {"MONITORING_ALERT_WEBHOOK", {{"MONITORING_ALERT_WEBHOOK", "http://127.0.0.1:9/hook"}}},
    {"MONITORING_CONTROL_TOKEN", {{"MONITORING_CONTROL_TOKEN", "a-long-enough-control-token-0123456789"}}},
    {"IBKR_ACCOUNT", {{"IBKR_ACCOUNT", "DU1234567"}}},
    {"ENVIRONMENT", {{"ENVIRONMENT", "staging"}}},
    {"DATA_COLUMNS", {{"DATA_COLUMNS", "date=Datum,close=Schluss"}}},
    {"EXECUTION_LOT_SIZE", {{"EXECUTION_LOT_SIZE", "INDEX-FUTURE=0.01"}}},
    {"EXECUTION_CONTRACT_MULTIPLIER", {{"EXECUTION_CONTRACT_MULTIPLIER", "ES=50,NQ=20"}}},
    {"DATA_DIVIDENDS", {{"DATA_DIVIDENDS", "cash"}}},
    {"RISK_MAX_ORDER_NOTIONAL", {{"RISK_MAX_ORDER_NOTIONAL", "7500"}}},
    {"RISK_MAX_POSITION_NOTIONAL", {{"RISK_MAX_POSITION_NOTIONAL", "75000"}}},
    {"EXECUTION_MODE", {{"EXECUTION_MODE", "live"}, {"EXECUTION_LIVE_CONFIRM", "I_UNDERSTAND"}}},
    {"MONITORING_HTTP_BIND",
     {{"MONITORING_HTTP_BIND", "10.1.2.3"},
      {"MONITORING_CONTROL_TOKEN", "a-long-enough-control-token-0123456789"}}},
    {"STRATEGY_ENABLED", {{"STRATEGY_ENABLED", "momentum"}}},
    // The SMA periods must stay fast < slow to be a valid strategy.
    {"STRATEGY_SMA_FAST", {{"STRATEGY_SMA_FAST", "12"}}},
    {"STRATEGY_SMA_SLOW", {{"STRATEGY_SMA_SLOW", "40"}}},
    // RSI periods reach the strategies that have one.
    {"STRATEGY_RSI_PERIOD", {{"STRATEGY_RSI_PERIOD", "21"}, {"STRATEGY_ENABLED", "momentum"}}},
};

TEST(SessionPlan, EveryOptionInTheTableChangesWhatASessionDoes) {
    const nlohmann::json base = behaviour({});
    const config::LoadResult defaults = load_env({});
    ASSERT_FALSE(base.contains("diagnostics")) << base["diagnostics"].dump();
    // With the other probes' companions set alone, so the option itself makes the difference.
    std::vector<std::string> no_consumer;
    size_t probed = 0;
    for (const auto& def : config::options()) {
        const std::string name(def.name);
        Env env = kProbes.count(name) ? kProbes.at(name)
                                      : Env{{name, other_value(def, defaults.value(name)->normalized)}};
        Env companions;
        for (const auto& kv : env)
            if (kv.first != name) companions.push_back(kv);
        const nlohmann::json with = behaviour(env),
                             without = companions.empty() ? base : behaviour(companions);
        ++probed;
        if (with == without)
            no_consumer.push_back(name + "=" + env.front().second);
        else if (with.contains("diagnostics") && !with.contains("backtest"))
            ADD_FAILURE() << name << ": the probe value is invalid: " << with["diagnostics"].dump();
    }
    EXPECT_EQ(probed, config::options().size());
    EXPECT_TRUE(no_consumer.empty()) << "options no session setting reads: "
                                     << ::testing::PrintToString(no_consumer);
}

// An option that gives a strategy's parameter its default takes exactly the values the
// strategy's schema takes: one cannot accept what the other refuses.
TEST(SessionPlan, StrategyOptionsHaveTheBoundsOfTheParametersTheyDefault) {
    const std::tuple<const char*, const char*, const char*> pairs[] = {
        {"STRATEGY_SMA_FAST", "sma_crossover", "fast"},
        {"STRATEGY_SMA_SLOW", "sma_crossover", "slow"},
        {"STRATEGY_RSI_PERIOD", "momentum", "rsi"},
        {"STRATEGY_RSI_PERIOD", "mean_reversion", "rsi"},
    };
    for (const auto& [option, strategy_name, param] : pairs) {
        SCOPED_TRACE(option);
        const config::OptionDef* o = config::find_option(option);
        const strategy::StrategyInfo* info = strategy::find_strategy(strategy_name);
        ASSERT_TRUE(o && info);
        const strategy::ParamSpec* p = info->param(param);
        ASSERT_TRUE(p) << strategy_name << "." << param;
        EXPECT_TRUE(o->has_min && o->has_max && !o->min_exclusive);
        EXPECT_EQ(o->min, p->min);
        EXPECT_EQ(o->max, p->max);
        EXPECT_EQ(std::stod(std::string(o->default_value)), p->default_value);
    }
}

TEST(SessionPlan, FlagsOverrideTheirOptionsForTheSizerAndTheDefaultGate) {
    auto r = backtest_request();
    r.position_pct = 0.5;
    r.max_leverage = 1;
    r.allow_short = true;
    r.slippage_bps = 3;
    r.cash = "25000";
    r.sizing = "atr";
    const Plan p = plan_session(load_env({}), r);
    ASSERT_TRUE(p.engine.use_risk_gate);  // the default gate
    EXPECT_EQ(p.engine.risk.limits.max_position_pct, 0.5);
    EXPECT_EQ(p.engine.risk.limits.max_leverage, 1);
    EXPECT_TRUE(p.engine.risk.limits.short_selling);
    EXPECT_EQ(p.engine.trader.sizing.limits.max_position_pct, 0.5);
    EXPECT_EQ(p.engine.trader.sizing.limits.max_leverage, 1);
    EXPECT_EQ(p.engine.trader.position_fraction, 0.5);
    EXPECT_EQ(p.engine.trader.sizing.method, risk::SizingMethod::atr);
    EXPECT_EQ(p.engine.broker.slippage_bps, 3);
    EXPECT_EQ(p.engine.initial_cash, Money::parse("25000"));
    // The basic gate reads the same values.
    r.risk = "basic";
    const Plan b = plan_session(load_env({}), r);
    EXPECT_EQ(b.engine.gate.max_position_share, 0.5);
    EXPECT_EQ(b.engine.gate.max_leverage, 1);
    EXPECT_TRUE(b.engine.gate.allow_short);
    // Shorting reaches the SMA strategy too.
    ASSERT_EQ(b.engine.strategies.size(), 1u);
    EXPECT_EQ(b.engine.strategies[0].params.at("short"), "true");
}

TEST(SessionPlan, OptionsGiveTheDefaultsOfFlagsAndStrategies) {
    const Plan p = plan_session(load_env({{"DATA_DIR", "/srv/bars"},
                                          {"DATA_TIMEZONE", "America/Chicago"},
                                          {"DATA_REPLAY_SPEED", "60"},
                                          {"STRATEGY_TIMEFRAME", "5m"},
                                          {"STRATEGY_MIN_CONFIDENCE", "0.7"},
                                          {"EXECUTION_COMMISSION_PER_SHARE", "0.0035"},
                                          {"MONITORING_AUDIT_FILE", "/var/audit/robo.jsonl"}}),
                                [] {
                                    SessionRequest r;
                                    r.mode = engine::Mode::replay;
                                    return r;
                                }());
    EXPECT_EQ(p.data.data, "/srv/bars");
    EXPECT_EQ(p.data.time_zone, "America/Chicago");
    EXPECT_EQ(p.engine.engine.speed, 60);
    ASSERT_EQ(p.engine.strategies.size(), 1u);
    EXPECT_EQ(p.engine.strategies[0].timeframe, Timeframe::m5);
    EXPECT_EQ(p.engine.weighted_threshold, 0.7);
    EXPECT_EQ(p.engine.broker.commission_per_share, Price::parse("0.0035"));
    EXPECT_EQ(p.audit_path, "/var/audit/robo.jsonl");
    // Defaults: the data's own bars, the audit beside the report.
    const Plan d = plan_session(load_env({}), backtest_request());
    EXPECT_FALSE(d.engine.strategies[0].timeframe.has_value());
    EXPECT_EQ(d.audit_path, std::filesystem::path("backtest-out") / "audit.jsonl");
}

TEST(SessionPlan, BadValuesNameTheFlagBeforeAnyDataIsRead) {
    auto expect_refused = [](SessionRequest r, const std::string& what) {
        try {
            plan_session(load_env({}), r);
            ADD_FAILURE() << "accepted; expected: " << what;
        } catch (const std::invalid_argument& e) {
            EXPECT_THAT(e.what(), HasSubstr(what));
        }
    };
    auto r = backtest_request();
    r.data = "/nonexistent/folder";  // never read by the plan
    r.strategies = {"no_such_strategy"};
    expect_refused(r, "no_such_strategy");
    r = backtest_request();
    r.strategies = {"sma_crossover:fast=abc"};
    expect_refused(r, "fast");
    r = backtest_request();
    r.position_pct = 1.5;
    expect_refused(r, "--position-pct 1.5");
    r = backtest_request();
    r.cash = "lots";
    expect_refused(r, "--cash \"lots\"");
    r = backtest_request();
    r.from = "2020-02-01";
    r.to = "2020-01-01";
    expect_refused(r, "--to 2020-01-01 is before --from");
    r = ibkr_request();
    r.broker = "paper";
    r.faults = {"reject-sells"};
    expect_refused(r, "--fault: only with --broker tws-sim");
    r = ibkr_request();
    r.broker = "paper";
    r.backfill = 10;
    expect_refused(r, "--backfill: only with");
    r = backtest_request();
    r.record_features = true;  // no --db and DATA_DB_PATH not set: nothing to record into
    expect_refused(r, "--record-features: this session records into no database");
}

TEST(SessionPlan, RecordFeaturesRecordsIntoTheSessionsDatabase) {
    auto r = backtest_request();
    r.db = "/tmp/never-opened-by-the-plan.db";
    EXPECT_FALSE(plan_session(load_env({}), r).db.features);
    EXPECT_EQ(plan_session(load_env({}), r).to_json()["database"]["record_features"], false);
    r.record_features = true;
    const Plan p = plan_session(load_env({}), r);
    EXPECT_TRUE(p.db.features);
    EXPECT_EQ(p.db.record->string(), "/tmp/never-opened-by-the-plan.db");
    EXPECT_EQ(p.to_json()["database"]["record_features"], true);
    r.db.reset();  // DATA_DB_PATH set explicitly: recorded there
    EXPECT_TRUE(plan_session(load_env({{"DATA_DB_PATH", "/tmp/configured.db"}}), r).db.features);
}

TEST(SessionPlan, ConfigurationErrorsAreRefusedWithEveryMessage) {
    auto loaded = load_env({{"RISK_MAX_LEVERAGE", "0.5"}, {"IBKR_PORT", "abc"}});
    try {
        plan_session(loaded, backtest_request());
        ADD_FAILURE() << "accepted an invalid configuration";
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr("RISK_MAX_LEVERAGE"));
        EXPECT_THAT(e.what(), HasSubstr("IBKR_PORT"));
    }
}

TEST(SessionPlan, ContractMultipliersAndCashDividendsReachThePlanOrAreRefusedWithTheReason) {
    const Plan p =
        plan_session(load_env({{"EXECUTION_CONTRACT_MULTIPLIER", "ES=50,*=2"}, {"DATA_DIVIDENDS", "cash"}}),
                     backtest_request());
    EXPECT_EQ(p.engine.multipliers.of(Symbol("ES")), Quantity::from_units(50));
    EXPECT_EQ(p.engine.multipliers.of(Symbol("AAPL")), Quantity::from_units(2));
    EXPECT_TRUE(p.data.dividends_cash);
    EXPECT_FALSE(plan_session(load_env({}), backtest_request()).data.dividends_cash);  // ignored by default
    auto refused = [](Env env, const std::string& what) {
        try {
            plan_session(load_env(env), backtest_request());
            ADD_FAILURE() << "accepted; expected: " << what;
        } catch (const std::invalid_argument& e) {
            EXPECT_THAT(e.what(), HasSubstr(what));
        }
    };
    refused({{"DATA_DIVIDENDS", "cash"}, {"DATA_ADJUSTED_PRICES", "true"}},
            "adjusted prices already contain the dividends");
    for (const char* value : {"0", "-50", "fifty", "ES=0", "A;B=5"})
        refused({{"EXECUTION_CONTRACT_MULTIPLIER", value}}, "EXECUTION_CONTRACT_MULTIPLIER");
}

}  // namespace
}  // namespace robo::session
